package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
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
