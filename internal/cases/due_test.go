package cases_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// dueCases are pothole reports (10 working days, England and Wales, day one
// the day after receipt) received in GMT, in BST, at night either side of
// midnight UTC, and across both clock changes of 2026 (29 March, 25 October).
var dueCases = []struct {
	name     string
	received time.Time // UTC
	date     string    // the last day in time
	endsAt   string    // its last second, with the UK offset
	long     string    // as residents read it
}{
	{"GMT", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		"2026-12-15", "2026-12-15T23:59:59+00:00", "Tuesday 15 December 2026"},
	{"GMT late evening is still that day", time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC),
		"2026-12-14", "2026-12-14T23:59:59+00:00", "Monday 14 December 2026"},
	{"BST", time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC),
		"2026-06-15", "2026-06-15T23:59:59+01:00", "Monday 15 June 2026"},
	{"BST 23:30 UTC is received the next day", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), // 00:30 BST Tuesday
		"2026-06-16", "2026-06-16T23:59:59+01:00", "Tuesday 16 June 2026"},
	{"received in BST, due in GMT", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC),
		"2026-11-03", "2026-11-03T23:59:59+00:00", "Tuesday 3 November 2026"},
	{"received in GMT, due in BST (Good Friday and Easter Monday skipped)", time.Date(2026, 3, 23, 10, 0, 0, 0, time.UTC),
		"2026-04-08", "2026-04-08T23:59:59+01:00", "Wednesday 8 April 2026"},
	{"received on the Sunday the clocks go back", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), // 01:30 BST
		"2026-11-06", "2026-11-06T23:59:59+00:00", "Friday 6 November 2026"},
}

// TestDueDateEverywhere: the case, its email and its webhook event all carry
// the statutory last day in UK time.
func TestDueDateEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, clk := newService(t, s)
		for _, tt := range dueCases {
			t.Run(tt.name, func(t *testing.T) {
				clk.Set(tt.received)
				c := submitPothole(t, svc, "")
				d, ok := c.DueDate()
				if !ok || d.String() != tt.date {
					t.Fatalf("DueDate = %s, %v; want %s", d, ok, tt.date)
				}
				if date, ends := c.DueFields(); date != tt.date || ends != tt.endsAt {
					t.Errorf("DueFields = %s, %s; want %s, %s", date, ends, tt.date, tt.endsAt)
				}
				stored, err := s.CaseByRef(context.Background(), c.Ref)
				if d, _ := stored.DueDate(); err != nil || d.String() != tt.date {
					t.Errorf("stored DueDate = %s, %v", d, err)
				}
				var body string
				var hook struct {
					Case struct {
						DueDate string `json:"due_date"`
						DueAt   string `json:"due_at"`
					} `json:"case"`
				}
				for _, m := range pending(t, s, c.Ref) {
					switch m.Topic {
					case "notify":
						var n struct{ To, Body string }
						if err := json.Unmarshal(m.Payload, &n); err != nil {
							t.Fatal(err)
						}
						if strings.EqualFold(n.To, "ada@example.org") {
							body = n.Body
						}
					case "webhook":
						if err := json.Unmarshal(m.Payload, &hook); err != nil {
							t.Fatal(err)
						}
					}
				}
				if want := "Due " + tt.long + "."; !strings.HasSuffix(body, want) {
					t.Errorf("email body = %q, want it to end %q", body, want)
				}
				if hook.Case.DueDate != tt.date || hook.Case.DueAt != tt.endsAt {
					t.Errorf("webhook due = %+v, want %s, %s", hook.Case, tt.date, tt.endsAt)
				}
			})
		}
	})
}
