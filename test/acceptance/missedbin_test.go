package acceptance

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// missedBinRule is the bundled missed bin service's clock, as its YAML
// states it.
var missedBinRule = workday.Rule{Unit: workday.WorkingDays, Length: 2, Region: workday.EnglandAndWales}

// missedBinByText: a resident reports a missed bin and chooses to be
// contacted by text message. The acknowledgement, a note the officer sends
// them and the crew's report (a transition's response) all reach them as
// texts, compared with their golden texts; no email is sent.
func (c *council) missedBinByText() {
	t, r := c.t, c.newPerson("")
	r.name, r.phone = "Amira Khan", "07700 900456"
	r.visit("/services/missed-bin-collection")
	r.click(".govuk-button--start")
	r.at("/services/missed-bin-collection/questions/address")
	r.p.Type("#address-line1", "14 Station Road")
	r.p.Type("#address-town", "Guildhall")
	r.p.Type("#address-postcode", "CB1 2AB")
	r.next()
	r.p.Check(`input[name="bin_type"][value="general"]`)
	missed := c.now().In(london).AddDate(0, 0, -1)
	r.p.Type("#collection_date-day", missed.Format("2"))
	r.p.Type("#collection_date-month", missed.Format("1"))
	r.p.Type("#collection_date-year", missed.Format("2006"))
	r.p.Check(`input[name="put_out"][value="yes"]`)
	r.next()
	r.at("/services/missed-bin-collection/questions/you")
	r.p.Type("#full_name", r.name)
	r.p.Check(`input[name="contact_by"][value="sms"]`)
	r.p.Type("#phone", r.phone)
	r.next()
	ref, _, vary := c.submitted(r, "missed-bin-collection", missedBinRule, "missedbin-received")

	o := c.officer
	o.openCase(ref)
	o.transition("tell_crew", nil)
	o.noteToResident(ref, "The crew will come back tomorrow morning. Please leave the bin where it is.")
	c.receives(r, "missedbin-note", vary)
	o.transition("not_presented", func() {
		o.p.Type("#crew_note", "The bin was behind the side gate, which was locked.")
	})
	c.receives(r, "missedbin-not-presented", vary)

	r.track(ref)
	if got := r.p.Text("main"); !strings.Contains(got, ref) || !strings.Contains(got, "Not out in time") {
		t.Errorf("the track page, found by the mobile number given, says:\n%s", got)
	}
}
