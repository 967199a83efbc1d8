package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestClockOnPages: officers see the statutory last day in UK time, how
// late a running case is, no date (and never "Overdue") while the clock is
// stopped for the requester, and how a completed clock ended. The cases
// were sent in BST on Tuesday 20 October 2026 (10 working days: due
// Tuesday 3 November, in GMT); the pages are read on Monday 23 November.
func TestClockOnPages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		at := func(uk string) {
			v, _ := time.Parse("2006-01-02 15:04 -0700", uk)
			e.Clock.Set(v)
		}
		act := func(ref, transition string, fields service.Answers) {
			if _, err := e.Cases.Transition(ctx, officerA, ref, transition, fields, 0); err != nil {
				t.Fatalf("%s: %v", transition, err)
			}
		}
		at("2026-10-20 10:00 +0100")
		late := e.Submit(access.Anonymous, "pothole", details("Late"), cases.ChannelWeb)
		waiting := e.Submit(access.Anonymous, "pothole", details("Waiting"), cases.ChannelWeb)
		answered := e.Submit(access.Anonymous, "pothole", details("Answered"), cases.ChannelWeb)
		at("2026-10-22 09:00 +0100")
		act(waiting.Ref, "investigate", nil)
		act(waiting.Ref, "ask", nil)
		act(answered.Ref, "investigate", nil)
		at("2026-11-03 23:30 +0000") // the last evening of the last day
		act(answered.Ref, "close", service.Answers{"resolution": {Text: "Filled"}, "outcome": {Text: "fixed"}})

		e.Clock.Set(testNow)
		cl := e.Client(officerA)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "overdue case", URL: "/workspace/cases/" + late.Ref, Status: 200,
				Contains: []string{"3 November 2026", "Overdue by 14 working days"}, NotContains: []string{"4 November 2026"}},
			{Name: "waiting for the requester", URL: "/workspace/cases/" + waiting.Ref, Status: 200,
				Contains: []string{"No due date", "Clock stopped"}, NotContains: []string{"Overdue"}},
			{Name: "answered on its last day", URL: "/workspace/cases/" + answered.Ref, Status: 200,
				Contains: []string{"Answered in time (due 3 November 2026)"}, NotContains: []string{"Overdue"}},
			{Name: "overdue queue", URL: "/workspace/queue?overdue=1", Status: 200,
				Contains: []string{late.Ref}, NotContains: []string{waiting.Ref, answered.Ref}},
		})
	})
}

// TestRecordingWhenIdentityArrived: proof of identity asked for on Monday
// 16 November arrived on Friday 20 November and is recorded on Monday 23
// November; the month runs from the 20th and the case page says so. A date
// before the request for it is refused on the field.
func TestRecordingWhenIdentityArrived(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ig := access.Principal{Kind: access.KindStaff, UserID: "u-ig", Name: "Ivy Governance", Teams: []string{"information-governance"},
			Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}, MFA: true}
		ctx := context.Background()
		e.Clock.Set(testNow.Add(-7 * 24 * time.Hour)) // Monday 16 November
		c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "subject-access-request", Answers: service.Answers{
			"for_someone_else": {Text: "no"}, "full_name": {Text: "Sam Subject"}, "date_of_birth": {Text: "1980-03-27"},
			"email": {Text: "sam@example.org"}, "address": {Address: &service.Address{Line1: "1 High Street", Town: "Cambridge", Postcode: "CB1 1AA"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.Cases.Transition(ctx, ig, c.Ref, "ask_for_identity", service.Answers{"identity_needed": {Text: "A passport."}}, 0); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(testNow)
		base := "/workspace/cases/" + c.Ref
		form := func(day string) url.Values {
			return url.Values{"version": {"2"}, "identity_received-day": {day}, "identity_received-month": {"11"}, "identity_received-year": {"2026"}}
		}
		cl := e.Client(ig)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "the form asks when it arrived", URL: base + "/transitions/identity_verified", Status: 200,
				Contains: []string{"When did the proof of identity arrive? (optional)", `name="identity_received-day"`}},
			{Name: "before we asked", Method: "POST", URL: base + "/transitions/identity_verified", Form: form("15"),
				Status: http.StatusUnprocessableEntity, Contains: []string{"The date must be on or after 16 November 2026, when we asked for it"}},
			{Name: "dated the day it arrived", Method: "POST", URL: base + "/transitions/identity_verified", Form: form("20"),
				Status: http.StatusSeeOther},
			// One month from Friday 20 November is Sunday 20 December: the next working day.
			{Name: "case page", URL: base, Status: 200, Contains: []string{"21 December 2026"}},
		})
	}, platformtest.Bundled())
}
