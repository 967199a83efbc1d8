package acceptance

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// myITRule is the bundled myIT service's clock.
var myITRule = workday.Rule{Unit: workday.WorkingDays, Length: 3, Region: workday.EnglandAndWales}

// myITRequest: a member of staff asks IT for a headset from the workspace
// (the form knows their name and work email), sees it in My requests, and
// is told when the service desk resolves it.
func (c *council) myITRequest() {
	t, s := c.t, c.auditor
	s.raise("it-service-request")
	s.p.Check(`input[name="request_type"][value="equipment"]`)
	s.next()
	s.p.Check(`input[name="equipment"][value="headset"]`)
	s.p.Type("#description", "My headset's microphone has stopped working, so I cannot join Teams calls.")
	s.p.Type("#cost_centre", "CC1234")
	s.next()
	if got := s.value("#requester_name"); got != s.name {
		t.Errorf("myIT asks a signed-in member of staff for their name again: prefilled %q, want %q", got, s.name)
	}
	if got := s.value("#requester_email"); got != s.email {
		t.Errorf("myIT asks for the work email again: prefilled %q, want %q", got, s.email)
	}
	s.next()
	ref, due, vary := c.submitted(s, "it-service-request", myITRule, "myit-logged")

	s.visit("/workspace")
	s.click(`main a[href="/workspace/requests"]`)
	if got := s.p.Text("main"); !strings.Contains(got, ref) || !strings.Contains(got, "Logged") {
		t.Errorf("My requests does not show %s as logged:\n%s", ref, got)
	}

	o := c.officer
	o.openCase(ref)
	o.seesDue(due)
	o.transition("start", nil)
	o.transition("resolve", func() {
		o.p.Type("#resolution", "A new headset is on your desk. Please put the old one in the returns box by the lifts.")
	})
	c.receives(s, "myit-resolved", vary)
	s.visit("/workspace/requests")
	if got := s.p.Text("main"); !strings.Contains(got, ref) || !strings.Contains(got, "Resolved") {
		t.Errorf("My requests does not show %s as resolved:\n%s", ref, got)
	}
}
