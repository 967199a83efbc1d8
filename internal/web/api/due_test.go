package api_test

import (
	"testing"
	"time"
)

// TestDueFields: a case carries its due date (a UK calendar date) and the
// last second of that day with the UK offset, in winter and in summer. The
// bundled pothole clock is 5 working days.
func TestDueFields(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		rw := f.token("highways writer", true, nil, highwaysOfficer)
		for _, tt := range []struct {
			name         string
			now          time.Time
			date, endsAt string
		}{
			{"GMT", time.Date(2026, 12, 1, 23, 45, 0, 0, time.UTC), "2026-12-08", "2026-12-08T23:59:59+00:00"},
			{"BST, after midnight", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-09", "2026-06-09T23:59:59+01:00"},
		} {
			f.Clock.Set(tt.now)
			res := f.do("POST", "/api/v1/cases", rw, jsonCT, pothole(tt.name))
			var made struct{ Reference string }
			res.json(t, &made)
			var got struct {
				DueDate string `json:"due_date"`
				DueAt   string `json:"due_at"`
			}
			f.do("GET", "/api/v1/cases/"+made.Reference, rw, "", "").json(t, &got)
			if got.DueDate != tt.date || got.DueAt != tt.endsAt {
				t.Errorf("%s: due_date %q, due_at %q; want %q, %q", tt.name, got.DueDate, got.DueAt, tt.date, tt.endsAt)
			}
		}
	})
}
