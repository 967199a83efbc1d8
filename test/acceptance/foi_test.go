package acceptance

import (
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// foiReceived: a resident asks for information through the front door;
// the officer asks them to clarify it. The clock stops ("waiting for you").
func (c *council) foiReceived() {
	r := c.newPerson("fran.requester@example.org")
	r.name = "Fran Requester"
	r.visit("/")
	r.p.Type("#q", "freedom of information")
	r.click("form[role=search] button")
	r.click(`#results a[href="/services/foi-request"]`)
	r.click(".govuk-button--start")
	r.p.Type("#request", "How many potholes did the council repair on Station Road in 2025, and what did the repairs cost?")
	r.next()
	r.p.Check(`input[name="format"][value="email"]`)
	r.next()
	r.p.Type("#full_name", r.name)
	r.p.Type("#email", r.email)
	r.next()
	ref, due, vary := c.submitted(r, "foi-request", workday.FOI(), "foi-received")
	c.foiRef, c.foiRequester = ref, r
	c.stopsTheClock(r, ref, due, vary, "ask_clarification", "#question",
		"Do you mean the whole of Station Road, or only the part between the station and the High Street?", "foi-clarification-asked", "foi")
}

// foiClarified: weeks later the requester's answer arrives; the officer
// records it and a fresh 20 working days run from that day (FOIA s.1(3)),
// shown to the requester, the officer and API clients. Then the response.
func (c *council) foiClarified() {
	o, r, ref := c.officer, c.foiRequester, c.foiRef
	vary := c.restartsTheClock(r, ref, workday.FOI(), "clarification_received", "foi-clarified", "foi", "clarified")
	o.openCase(ref)
	o.transition("respond", func() {
		o.p.Check(`input[name="outcome"][value="granted"]`)
		o.p.Type("#response", "The council repaired 14 potholes on the part of Station Road between the station and the High Street in 2025. The repairs cost £3,920 in all.")
	})
	c.receives(r, "foi-response", vary)
	r.track(ref)
	c.trackPage(r, "foi-track-page-answered", vary)
}
