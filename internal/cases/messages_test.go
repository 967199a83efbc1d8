package cases_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/services"
)

// bundled is a case service running the bundled definitions, with its clock
// on Friday 20 November 2026.
func bundled(t *testing.T, s *store.Store) *cases.Service {
	t.Helper()
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	return &cases.Service{Store: s, Services: service.NewRegistry(cat), Clock: cases.Calendar{},
		Now: func() time.Time { return now }}
}

// deliver runs the outbox once through a GOV.UK Notify sender pointed at a
// local Notify server, as `guildhall serve` does, and returns what the
// server accepted.
func deliver(t *testing.T, s *store.Store) []notifytest.Notification {
	t.Helper()
	srv := notifytest.NewServer(t)
	sender, err := notify.NewNotifySender(srv.APIKey, srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	sender.EmailTemplate, sender.SMSTemplate = srv.EmailTemplate, srv.SMSTemplate
	w := &jobs.Worker{Store: s, Handlers: map[string]jobs.Handler{
		jobs.TopicNotify: func(ctx context.Context, m jobs.Message) error {
			var msg notify.Message
			if err := json.Unmarshal(m.Payload, &msg); err != nil {
				return err
			}
			return sender.Send(ctx, msg)
		},
		jobs.TopicWebhook: func(context.Context, jobs.Message) error { return nil },
	}}
	if _, err := w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return srv.Notifications()
}

// TestNoteReachesTheResident: a note marked "sent to the resident" goes
// through the outbox to GOV.UK Notify the way the resident chose when they
// reported (email or text message), in the service's own note template; an
// internal note sends nothing.
func TestNoteReachesTheResident(t *testing.T) {
	bins := access.Principal{Kind: access.KindStaff, UserID: "u-waste", Name: "Wendy Waste", Teams: []string{"waste-services"},
		Grants: []access.Grant{{Role: "officer", Team: "waste-services"}}, MFA: true}
	answers := func(contactBy, email, phone string) service.Answers {
		a := service.Answers{
			"address":         {Address: &service.Address{Line1: "14 Station Road", Town: "Westbury", Postcode: "BA13 3JD"}},
			"bin_type":        {Text: "general"},
			"collection_date": {Text: "2026-11-19"},
			"put_out":         {Text: "yes"},
			"full_name":       {Text: "Amira Khan"},
			"contact_by":      {Text: contactBy},
		}
		if email != "" {
			a["email"] = service.Answer{Text: email}
		}
		if phone != "" {
			a["phone"] = service.Answer{Text: phone}
		}
		return a
	}
	tests := []struct {
		name, contactBy  string
		email, phone     string
		wantType, wantTo string
		wantSubject      string
		wantBody         string
	}{
		{"email", "email", "amira.khan@example.com", "", "email", "amira.khan@example.com",
			"An update on your missed bin report %s",
			"The crew will come back on Saturday morning.\n\nYour reference is %s.\n"},
		{"text message", "sms", "", "07700 900123", "sms", "07700 900123", "",
			"An update on your missed bin report %s:\n\nThe crew will come back on Saturday morning."},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				svc := bundled(t, s)
				c, err := svc.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "missed-bin-collection", Answers: answers(tt.contactBy, tt.email, tt.phone)})
				if err != nil {
					t.Fatal(err)
				}
				deliver(t, s) // the acknowledgement
				if _, err := svc.AddNote(ctx, bins, c.Ref, "Internal: crew short-staffed on Friday.", cases.Internal); err != nil {
					t.Fatal(err)
				}
				if got := deliver(t, s); len(got) != 0 {
					t.Fatalf("an internal note sent %d messages: %+v", len(got), got)
				}
				if _, err := svc.AddNote(ctx, bins, c.Ref, "  The crew will come back on Saturday morning.  ", cases.Resident); err != nil {
					t.Fatal(err)
				}
				got := deliver(t, s)
				if len(got) != 1 {
					t.Fatalf("a note to the resident sent %d messages, want 1: %+v", len(got), got)
				}
				n := got[0]
				to := n.EmailAddress
				if n.Type == "sms" {
					to = n.PhoneNumber
				}
				subject := ""
				if tt.wantSubject != "" {
					subject = fmt.Sprintf(tt.wantSubject, c.Ref)
				}
				if n.Type != tt.wantType || to != tt.wantTo || n.Subject != subject || n.Body != fmt.Sprintf(tt.wantBody, c.Ref) {
					t.Errorf("received %s to %s\nsubject %q\nbody %q\nwant %s to %s\nsubject %q\nbody %q",
						n.Type, to, n.Subject, n.Body, tt.wantType, tt.wantTo, subject, fmt.Sprintf(tt.wantBody, c.Ref))
				}
			})
		}
	})
}
