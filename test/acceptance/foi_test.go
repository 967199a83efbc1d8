package acceptance

import (
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// weeks is how long after the first day the requesters answer: the FOI
// clarification and the proof of identity arrive this much later.
const weeks = 23 * 24 * time.Hour

// foiReceived: a resident asks for information through the front door;
// the officer asks them to clarify it. The clock stops ("waiting for you").
func (c *council) foiReceived() {
	t, r := c.t, c.newPerson("fran.requester@example.org")
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
	r.at("/services/foi-request/check-answers")
	ref, due := c.submit(r, workday.FOI())
	vary := map[string]string{"reference": ref, "due": longDate(due)}
	c.receives(r, "foi-received", vary)
	c.foiRef, c.foiRequester = ref, r

	o := c.officer
	o.openCase(ref)
	o.seesDue(due)
	o.transition("ask_clarification", func() {
		o.p.Type("#question", "Do you mean the whole of Station Road, or only the part between the station and the High Street?")
	})
	c.receives(r, "foi-clarification-asked", vary)
	r.track(ref)
	if got := r.p.Text("#due"); !strings.Contains(got, "waiting for information from you") {
		t.Errorf("FOI waiting for clarification: the track page says it is due %q", got)
	}
	c.trackPage(r, "foi-track-page-waiting", vary)
}

// foiClarified: weeks later the requester's answer arrives; the officer
// records it and a fresh 20 working days run from that day (FOIA s.1(3)),
// shown to the requester, the officer and API clients. Then the response.
func (c *council) foiClarified() {
	t, o, r, ref := c.t, c.officer, c.foiRequester, c.foiRef
	o.openCase(ref)
	before := c.now()
	o.transition("clarification_received", nil)
	due := dueBetween(t, workday.FOI(), before, c.now())
	vary := map[string]string{"reference": ref, "due": longDate(due)}
	c.receives(r, "foi-clarified", vary)
	o.seesDue(due)
	c.apiSeesDue(ref, "officer@information-governance", due)
	r.track(ref)
	if got := r.p.Text("#due"); got != shortDate(due) {
		t.Errorf("FOI track page after the clarification: due %q, want %s (20 working days from the day it arrived)", got, shortDate(due))
	}
	c.trackPage(r, "foi-track-page-clarified", map[string]string{"reference": ref, "due-date": shortDate(due)})

	o.openCase(ref)
	o.transition("respond", func() {
		o.p.Check(`input[name="outcome"][value="granted"]`)
		o.p.Type("#response", "The council repaired 14 potholes on the part of Station Road between the station and the High Street in 2025. The repairs cost £3,920 in all.")
	})
	c.receives(r, "foi-response", vary)
	r.track(ref)
	c.trackPage(r, "foi-track-page-answered", vary)
}
