package frontdoor_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
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
			e := newEnv(t, platformtest.At(tt.received))
			def, _ := e.Registry.Load().Get("report-a-pothole")
			c := e.Client(zeroPrincipal)
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

// TestTrackWhileWaitingForTheResident: a request waiting for a clarification
// shows no date (the 20 working days start again when it arrives), then the
// fresh date once it has.
func TestTrackWhileWaitingForTheResident(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	e := newEnv(t, platformtest.At(now))
	ig := access.Principal{Kind: access.KindStaff, UserID: "u-ig", Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}, MFA: true}
	ctx := context.Background()
	c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "foi-request", Answers: service.Answers{
		"request": {Text: "Gritting routes"}, "format": {Text: "email"}, "full_name": {Text: "Rita Requester"}, "email": {Text: "rita@example.org"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Cases.Transition(ctx, ig, c.Ref, "ask_clarification", service.Answers{"question": {Text: "Which winter?"}}, 0); err != nil {
		t.Fatal(err)
	}
	track := url.Values{"ref": {c.Ref}, "contact": {"rita@example.org"}}
	cl := e.Client(zeroPrincipal)
	webtest.Run(t, cl, []webtest.Scenario{
		{Name: "form", URL: "/track", Status: 200},
		{Name: "waiting", Method: "POST", URL: "/track", Form: track, Status: 200,
			Contains:    []string{`id="due">We are waiting for information from you. We will set a new date when we receive it.</dd>`},
			NotContains: []string{"1 December 2026"}},
	})
	e.Clock.Set(time.Date(2026, 12, 10, 16, 30, 0, 0, time.UTC))
	if _, err := e.Cases.Transition(ctx, ig, c.Ref, "clarification_received", nil, 0); err != nil {
		t.Fatal(err)
	}
	webtest.Run(t, cl, []webtest.Scenario{
		{Name: "clarified", Method: "POST", URL: "/track", Form: track, Status: 200,
			Contains: []string{`<dd class="govuk-summary-list__value" id="due">13 January 2027</dd>`}},
	})
}
