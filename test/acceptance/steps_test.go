package acceptance

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// submit sends the form from its check-answers page and returns the
// reference on the confirmation panel and the statutory last day for a
// request received then.
func (c *council) submit(r *person, rule workday.Rule) (string, workday.Date) {
	c.t.Helper()
	before := c.now()
	r.click("main form button[type=submit]")
	due := dueBetween(c.t, rule, before, c.now())
	ref := strings.TrimSpace(r.p.Text(".govuk-panel__body strong"))
	if ref == "" {
		c.t.Fatalf("no reference on %s:\n%s", r.path(), r.p.Text("main"))
	}
	return ref, due
}

// submitted checks the person is on a service's check-answers page, sends
// it, and compares the acknowledgement they receive with its golden text.
// vary holds the reference and the statutory last day, for the messages
// that follow.
func (c *council) submitted(r *person, serviceID string, rule workday.Rule, ack string) (ref string, due workday.Date, vary map[string]string) {
	c.t.Helper()
	r.at("/services/" + serviceID + "/check-answers")
	ref, due = c.submit(r, rule)
	vary = map[string]string{"reference": ref, "due": longDate(due)}
	c.receives(r, ack, vary)
	return ref, due, vary
}

// raise starts a service from the workspace's "Raise a request" list, as
// a member of staff or a councillor does.
func (p *person) raise(serviceID string) {
	p.c.t.Helper()
	p.visit("/workspace")
	p.click(`main a[href="/workspace/raise"]`)
	p.click(`main a[href$="/` + serviceID + `"]`)
	if strings.HasSuffix(p.path(), "/"+serviceID) {
		p.click(".govuk-button--start")
	}
}

// noteToResident writes a note on the open case that is sent to the
// resident.
func (p *person) noteToResident(ref, text string) {
	p.c.t.Helper()
	p.p.Type("#note", text)
	p.p.Check("#visibility-resident")
	p.click(`main form[action$="/notes"] button[type=submit]`)
	p.at("/workspace/cases/" + ref)
}

// next submits the form on the page (its Continue button, not "Find
// address") and fails if it comes back with errors.
func (p *person) next() {
	p.c.t.Helper()
	// Continue, not an address question's "Find address" or a location
	// question's place "Search", which are submit buttons of the same form.
	p.click(`main form button[type=submit]:not([value^="find:"]):not([value^="place:"])`)
	if p.p.Has(".govuk-error-summary") {
		p.c.t.Fatalf("%s refused the answers:\n%s", p.path(), p.p.Text(".govuk-error-summary"))
	}
}

// track looks a request up on the public track page, as its requester:
// by the email address they gave, or their phone number if they gave none.
func (p *person) track(ref string) {
	p.c.t.Helper()
	p.visit("/track")
	p.p.Type("#ref", ref)
	p.p.Type("#contact", cmp.Or(p.email, p.phone))
	p.click("main form button[type=submit]")
	p.at("/track")
}

// openCase opens a case from the officer's workspace by its reference.
func (p *person) openCase(ref string) {
	p.c.t.Helper()
	p.visit("/workspace/cases/" + ref)
	p.at("/workspace/cases/" + ref)
}

// transition applies a workflow step from the case page: a button, or a
// link to the step's form, which fill completes.
func (p *person) transition(id string, fill func()) {
	p.c.t.Helper()
	path, _, _ := strings.Cut(p.path(), "?")
	ref := strings.TrimPrefix(path, "/workspace/cases/")
	sel := `main a[href$="/transitions/` + id + `"], main form[action$="/transitions/` + id + `"] button`
	if !p.p.Has(sel) {
		p.c.t.Fatalf("case %s offers no %q step:\n%s", ref, id, p.p.Text("main"))
	}
	p.click(sel)
	if strings.Contains(p.path(), "/transitions/") {
		if fill != nil {
			fill()
		}
		p.click("main form button[type=submit]")
	}
	p.at("/workspace/cases/" + ref)
}

// seesDue checks the case page shows the statutory last day.
func (p *person) seesDue(due workday.Date) {
	p.c.t.Helper()
	got := p.p.Text("main .govuk-summary-list")
	if !strings.Contains(got, "Due\n"+shortDate(due)+" (") && !strings.Contains(got, "Due\t"+shortDate(due)+" (") {
		p.c.t.Errorf("%s shows the officer, want due %s:\n%s", p.path(), shortDate(due), got)
	}
}

// apiSeesDue checks GET /api/v1/cases/{ref} carries the statutory last day
// and the instant it ends, for a client holding grants.
func (c *council) apiSeesDue(ref, grants string, due workday.Date) {
	t := c.t
	t.Helper()
	if c.tokens == nil {
		c.tokens = map[string]string{}
	}
	if c.tokens[grants] == "" {
		c.tokens[grants] = c.srv.Token(t, "acceptance "+grants, grants)
	}
	req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/cases/"+ref, nil)
	req.Header.Set("Authorization", "Bearer "+c.tokens[grants])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var got struct {
		DueDate string `json:"due_date"`
		DueAt   string `json:"due_at"`
	}
	if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("API GET %s: %d %s", ref, resp.StatusCode, body)
	}
	if got.DueDate != due.String() || got.DueAt != endOf(due) {
		t.Errorf("API %s: due_date %q due_at %q, want %s and %s", ref, got.DueDate, got.DueAt, due, endOf(due))
	}
}

// endOf is the last second of a day in London, as the API and Open311 write it.
func endOf(d workday.Date) string {
	return d.Start().AddDate(0, 0, 1).Add(-1e9).Format("2006-01-02T15:04:05-07:00")
}
