package open311_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// TestExpectedDatetime is the last second of the statutory last day in UK
// time, so a client that shows its date part (FixMyStreet does) shows the
// right day in winter and in summer. The bundled pothole clock is 5 working days.
func TestExpectedDatetime(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		key := f.key("fms", true, access.Grant{Role: "officer", Team: "highways"})
		for _, tt := range []struct {
			name string
			now  time.Time
			want string
		}{
			{"GMT", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), "2026-12-08T23:59:59+00:00"},
			{"BST", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-09T23:59:59+01:00"},
		} {
			f.Clock.Set(tt.now)
			form := fmsPothole(key)
			form.Set("attribute[fixmystreet_id]", tt.name) // a different report, not a retry
			_, b := f.postForm("/open311/v2/requests.json", form)
			var made []struct {
				ID string `json:"service_request_id"`
			}
			json.Unmarshal(b, &made)
			if len(made) != 1 {
				t.Fatalf("%s: post: %s", tt.name, b)
			}
			var one []struct {
				Expected string `json:"expected_datetime"`
			}
			_, b = f.get("/open311/v2/requests/" + made[0].ID + ".json")
			if json.Unmarshal(b, &one); len(one) != 1 || one[0].Expected != tt.want {
				t.Errorf("%s: expected_datetime in %s, want %s", tt.name, b, tt.want)
			}
		}
	})
}
