package frontdoor_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestDueDateShownToResidents: the confirmation and track pages show the
// statutory last day in UK time, for a report sent in winter (GMT, where the
// date used to be shown a day late), in summer, and just after midnight BST
// (still the previous day in UTC). The bundled pothole clock is 5 working days.
func TestDueDateShownToResidents(t *testing.T) {
	tests := []struct {
		name     string
		received time.Time
		due      string
	}{
		{"GMT", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), "8 December 2026"},
		{"GMT, late evening", time.Date(2026, 12, 1, 23, 45, 0, 0, time.UTC), "8 December 2026"},
		{"BST", time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), "8 June 2026"},
		{"00:30 BST is the next day", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "9 June 2026"},
		{"sent in BST, due in GMT", time.Date(2026, 10, 21, 10, 0, 0, 0, time.UTC), "28 October 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOptions{formLimit: unlimited(), trackLimit: unlimited()})
			e.cases.Now = func() time.Time { return tt.received }
			def, _ := e.reg.Load().Get("report-a-pothole")
			c := e.client(zeroPrincipal)
			ref := journey(t, e, c, def)
			webtest.Run(t, c, []webtest.Scenario{
				{Name: "confirmation", URL: "/services/report-a-pothole/confirmation", Status: 200,
					Contains: []string{`<p class="govuk-body" id="due">We aim to respond by <strong>` + tt.due + `</strong>.</p>`}},
				{Name: "track", Method: "POST", URL: "/track", Form: url.Values{"ref": {ref}, "contact": {"sam.resident@example.org"}},
					Status: 200, Contains: []string{`<dd class="govuk-summary-list__value" id="due">` + tt.due + `</dd>`}},
			})
		})
	}
}
