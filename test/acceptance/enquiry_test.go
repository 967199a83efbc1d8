package acceptance

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// enquiryRule is the bundled member enquiry's clock.
var enquiryRule = workday.Rule{Unit: workday.WorkingDays, Length: 10, Region: workday.EnglandAndWales}

// memberEnquiry: a councillor raises an enquiry for a resident from the
// workspace, shared with nobody; Members' Services send it to Highways,
// who draft the response; Members' Services send it. The acknowledgement
// and the response go to the councillor, never to the resident; Members'
// Services' and Highways' mailboxes are told when it reaches them.
func (c *council) memberEnquiry() {
	t, cl := c.t, c.councillor
	cl.raise("member-enquiry")
	cl.p.Type("#resident_name", "Pat Neighbour")
	cl.p.Type("#resident_address-line1", "7 Castle Street")
	cl.p.Type("#resident_address-town", "Guildhall")
	cl.p.Type("#resident_address-postcode", "CB1 3DA")
	cl.p.Type("#resident_email", "pat.neighbour@example.org")
	cl.p.Check(`input[name="consent"][value="yes"]`)
	cl.next()
	cl.p.Select("#ward", "castle")
	cl.p.Check(`input[name="service_area"][value="highways"]`)
	cl.p.Type("#details", "The pavement outside 7 Castle Street has lifted and Pat, who uses a wheelchair, cannot pass. Reported by phone in October; no reference given.")
	cl.p.Check(`input[name="urgent"][value="no"]`)
	cl.next()
	cl.p.Check(`input[name="share_with"][value="nobody"]`)
	cl.next()
	ref, due, vary := c.submitted(cl, "member-enquiry", enquiryRule, "enquiry-received")
	c.teamReceives("members-services", "enquiry-new-to-members-services", vary)

	o := c.officer
	o.openCase(ref)
	o.seesDue(due)
	o.transition("assign_to_service", func() { o.selectByLabel("#service_team", "Highways") })
	c.teamReceives("highways", "enquiry-sent-to-highways", vary)
	o.visit("/workspace/queue?team=highways")
	if !o.p.Has(`main a[href^="/workspace/cases/` + ref + `"]`) {
		t.Errorf("enquiry %s sent to Highways is not in the Highways queue:\n%s", ref, o.p.Text("main"))
	}
	o.openCase(ref)
	o.transition("draft_response", func() {
		o.p.Type("#draft", "Our inspector visited on the day of your enquiry. The lifted slabs outside 7 Castle Street have been made safe and will be relaid within 10 working days.")
	})
	o.transition("send_response", func() {
		o.p.Type("#response", "Our inspector visited on the day of your enquiry. The lifted slabs outside 7 Castle Street have been made safe and will be relaid within 10 working days.")
	})
	c.receives(cl, "enquiry-response", vary)

	cl.visit("/workspace")
	cl.click(`main a[href="/workspace/enquiries"]`)
	if !strings.Contains(cl.p.Text("main"), ref) {
		t.Errorf("the councillor's enquiries do not list %s:\n%s", ref, cl.p.Text("main"))
	}
	if n := c.countTo("pat.neighbour@example.org"); n != 0 {
		t.Errorf("the resident of a member enquiry received %d messages; everything goes to the councillor", n)
	}
}

// countTo is how many messages have been sent to addr so far.
func (c *council) countTo(addr string) int {
	n := 0
	for _, m := range c.notify.Notifications() {
		if m.EmailAddress == addr {
			n++
		}
	}
	return n
}
