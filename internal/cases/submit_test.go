package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

var refPattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

func TestSubmitWritesEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		if !refPattern.MatchString(c.Ref) {
			t.Errorf("ref %q does not look like XXXX-XXXX", c.Ref)
		}
		if c.State != "received" || c.Team != "highways" || c.Version != 1 || c.ID == 0 {
			t.Errorf("case = %+v", c)
		}
		// 10 working days from Monday 2 March 2026: day one is Tuesday 3rd, due Monday 16th.
		if c.DueAt == nil || c.DueAt.In(london(t)).Format("2006-01-02 15:04") != "2026-03-17 00:00" {
			t.Errorf("DueAt = %v, want the end of 16 March 2026", c.DueAt)
		}
		got, err := s.CaseByRef(context.Background(), c.Ref)
		if err != nil || got.Applicant.Email != "Ada@example.org" || got.Answers["location"].Text == "" {
			t.Fatalf("stored case = %+v, %v", got, err)
		}
		events, err := s.CaseEvents(context.Background(), c.ID)
		if err != nil || len(events) != 1 || events[0].Kind != cases.EventSubmitted {
			t.Fatalf("events = %+v, %v", events, err)
		}
		msgs := pending(t, s, c.Ref)
		var to []string
		for _, m := range msgs {
			var p struct{ Channel, To, Subject, Body string }
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatal(err)
			}
			to = append(to, m.Topic+":"+p.To)
			if m.Topic == "notify" && (!strings.Contains(p.Body, c.Ref) || !strings.Contains(p.Body, "12 High Street") || !strings.Contains(p.Body, "16 March 2026")) {
				t.Errorf("notification body %q lacks reference, answer or due date", p.Body)
			}
		}
		slices.Sort(to)
		want := "notify:Ada@example.org notify:highways@council.example webhook:"
		if strings.Join(to, " ") != want {
			t.Errorf("outbox = %q, want %q", strings.Join(to, " "), want)
		}
		entries, err := (&audit.Service{Store: s}).Search(context.Background(), audit.Filter{Subject: c.Ref})
		if err != nil || len(entries) != 1 || entries[0].Action != cases.AuditSubmit {
			t.Fatalf("audit = %+v, %v", entries, err)
		}
		page, err := svc.Find(context.Background(), officer, cases.Filter{Query: "bus stop"})
		if err != nil || len(page.Cases) != 1 || page.Cases[0].Ref != c.Ref {
			t.Fatalf("Find(bus stop) = %+v, %v", page, err)
		}
	})
}

func TestSubmitIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _ := newService(t, s)
		first := submitPothole(t, svc, "key-1")
		again := submitPothole(t, svc, "key-1")
		other := submitPothole(t, svc, "key-2")
		if again.Ref != first.Ref || again.ID != first.ID {
			t.Errorf("repeat returned %s, want the first case %s", again.Ref, first.Ref)
		}
		if other.Ref == first.Ref {
			t.Errorf("a different key returned the same case")
		}
		page, err := svc.Find(context.Background(), officer, cases.Filter{})
		if err != nil || len(page.Cases) != 2 {
			t.Fatalf("Find = %d cases, %v; want 2", len(page.Cases), err)
		}
	})
}

func TestSubmitRefused(t *testing.T) {
	tests := []struct {
		name    string
		sub     cases.Submission
		kind    *fault.Kind
		isField bool
	}{
		{"missing required answer", cases.Submission{ServiceID: "report-a-pothole", Answers: service.Answers{"full_name": {Text: "Ada"}}}, fault.Invalid, true},
		{"bad email", cases.Submission{ServiceID: "report-a-pothole", Answers: service.Answers{
			"location": {Text: "here"}, "full_name": {Text: "Ada"}, "email": {Text: "not-an-email"}}}, fault.Invalid, true},
		{"unknown service", cases.Submission{ServiceID: "no-such-service"}, fault.NotFound, false},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _ := newService(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Submit(context.Background(), access.Anonymous, tt.sub)
				if !errors.Is(err, tt.kind) {
					t.Fatalf("err = %v, want %v", err, tt.kind)
				}
				var ve *service.ValidationError
				if tt.isField != errors.As(err, &ve) {
					t.Errorf("ValidationError = %v, want %v", ve, tt.isField)
				}
			})
		}
		page, err := svc.Find(context.Background(), access.System, cases.Filter{})
		if err != nil || len(page.Cases) != 0 {
			t.Errorf("refused submissions wrote %d cases (%v)", len(page.Cases), err)
		}
	})
}
