package acceptance

import (
	"strings"

	"github.com/chromedp/chromedp"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// officerWorksThePothole: the officer finds the resident's report in the
// queue, assigns it to themself by name, sends it for inspection, books the
// repair and writes a note that is sent to the resident.
func (c *council) officerWorksThePothole() {
	t, o := c.t, c.officer
	ref := c.potholeRef
	o.visit("/workspace")
	o.click(`a[href="/workspace/queue"]`)
	if !o.p.Has(`main a[href^="/workspace/cases/` + ref + `"]`) {
		t.Fatalf("%s not in the officer's queue:\n%s", ref, o.p.Text("main"))
	}
	o.click(`main a[href^="/workspace/cases/` + ref + `"]`)
	o.selectByLabel("#assignee", "Olu Officer")
	o.click(`main form[action$="/assign"] button[type=submit]`)
	o.at("/workspace/cases/" + ref)
	if got := o.p.Text("main .govuk-summary-list"); !strings.Contains(got, "Assigned to\nOlu Officer") && !strings.Contains(got, "Assigned to\tOlu Officer") {
		t.Errorf("after assigning, the case page shows:\n%s", got)
	}
	o.click(`main form[action$="/transitions/send_for_inspection"] button, main a[href$="/transitions/send_for_inspection"]`)
	if strings.Contains(o.path(), "/transitions/") {
		o.click("main form button[type=submit]")
	}
	o.at("/workspace/cases/" + ref)

	// The repair is booked for a day a fortnight ahead, as the form asks.
	repair := c.now().In(london).AddDate(0, 0, 14)
	o.click(`main a[href$="/transitions/schedule_repair"], main form[action$="/transitions/schedule_repair"] button`)
	o.p.Type("#repair_by-day", repair.Format("2"))
	o.p.Type("#repair_by-month", repair.Format("1"))
	o.p.Type("#repair_by-year", repair.Format("2006"))
	o.click("main form button[type=submit]")
	o.at("/workspace/cases/" + ref)

	o.noteToResident(ref, "Our inspector has marked the pothole with white paint. Please keep to the other side of the road until it is repaired.")

	vary := map[string]string{"reference": ref, "repair-date": repair.Format("Monday 2 January 2006")}
	msgs := c.messagesTo("sam.resident@example.org", 3)
	checkGolden(t, "pothole-repair-booked-email.txt", emailText(msgs[1]), vary)
	checkGolden(t, "pothole-note-to-resident-email.txt", emailText(msgs[2]), vary)
}

// selectByLabel chooses the option a person reads (a name), not a value.
func (p *person) selectByLabel(css, label string) {
	p.c.t.Helper()
	ok := browsertest.Run(p.p, chromedp.Evaluate[bool](`(() => {
		const s = document.querySelector(`+jsString(css)+`);
		if (!s) return false;
		for (const o of s.options) if (o.textContent.trim() === `+jsString(label)+`) { s.value = o.value; return true; }
		return false })()`))
	if !ok {
		p.c.t.Fatalf("%s: no option %q in %s:\n%s", p.path(), label, css, p.p.Text(css))
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// value is the current value of a form field.
func (p *person) value(css string) string {
	p.c.t.Helper()
	return browsertest.Run(p.p, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(css)+`); return e ? e.value : "" })()`))
}
