package frontdoor_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserJourneys drives headless Chromium through every bundled public
// service, generically from its definition: each question page posted empty
// first (the error summary), then answered; "Check your answers"; one change
// link; submission; the confirmation; and "track my request". axe-core
// checks every page reached (WCAG 2.2 AA tags) and must find nothing. The
// journeys run twice: with JavaScript at desktop width, and with JavaScript
// off at 320 CSS pixels wide (WCAG reflow).
func TestBrowserJourneys(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	files := t.TempDir()
	// Every public service is completed twice: with JavaScript, and without
	// it at 320px wide (the journey must never need script or sideways scrolling).
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		for _, def := range publicServices(e.Registry.Load()) {
			if def.Payment != nil || hasRepeat(def) {
				// This driver answers one page per URL and cannot yet walk
				// "add another" item pages or the local GOV.UK Pay card page;
				// these services are walked over HTTP (TestAddAnother,
				// TestPaymentOutcomes) until it can.
				continue
			}
			t.Run(def.ID, func(t *testing.T) {
				p := m.NewPage(t)
				d := &driver{t: t, p: p, e: e, def: def, files: files, js: m.JavaScript}
				d.run()
				if errs := p.Errors(); len(errs) > 0 {
					t.Errorf("script errors: %v", errs)
				}
			})
		}
	})
}

// driver walks one service in one tab.
type driver struct {
	t     *testing.T
	p     *browsertest.Page
	e     *env
	def   *service.Definition
	files string
	js    bool
	pages int
}

func (d *driver) check() {
	d.t.Helper()
	d.pages++
	d.t.Logf("checking %s", d.p.Location())
	d.p.CheckPage()
	html := d.p.HTML()
	if !strings.Contains(html, "govuk-frontend-supported") == d.js {
		d.t.Errorf("%s: JavaScript on=%v, but the page says otherwise", d.p.Location(), d.js)
	}
	// GOV.UK Frontend's ES module ran under the Content-Security-Policy: it
	// marks each component it starts.
	if d.js && !strings.Contains(html, "data-govuk-skip-link-init") {
		d.t.Errorf("%s: GOV.UK Frontend's JavaScript did not start", d.p.Location())
	}
}

func (d *driver) run() {
	t, p := d.t, d.p
	p.Navigate(d.e.URL + "/")
	d.check()
	p.Type("#q", d.def.Name)
	p.Click("form[role=search] button")
	d.check()
	p.Click(`#results a[href="/services/` + d.def.ID + `"]`)
	d.check()
	p.Click(".govuk-button--start")
	for range 30 {
		if strings.HasSuffix(p.Location(), "/check-answers") {
			break
		}
		d.answerPage()
	}
	if !strings.Contains(p.Title(), "Check your answers") {
		t.Fatalf("expected Check your answers, at %s", p.Location())
	}
	d.check()
	p.Click(`a[href*="?change=1"]`)
	d.check()
	p.Click("main form button[type=submit]:not([name])")
	if !strings.HasSuffix(p.Location(), "/check-answers") {
		t.Fatalf("a change link did not return to check answers: %s", p.Location())
	}
	p.Click("main form button[type=submit]:not([name])")
	d.check()
	ref := strings.TrimSpace(p.Text(".govuk-panel__body strong"))
	if len(ref) != 9 {
		t.Fatalf("reference %q", ref)
	}
	d.track(ref)
}

// answerPage submits the page empty when it has required questions (and
// checks the error page), then fills every question shown and continues.
func (d *driver) answerPage() {
	t, p := d.t, d.p
	d.check()
	loc := p.Location()
	page, _, ok := d.def.PageByID(loc[strings.LastIndex(loc, "/")+1:])
	if !ok {
		t.Fatalf("not a question page: %s", loc)
	}
	if hasRequired(page) {
		p.Click("main form button[type=submit]:not([name])")
		if !p.Has(".govuk-error-summary") {
			t.Fatalf("%s: no error summary after an empty submission", loc)
		}
		d.check()
	}
	for i := range page.Questions {
		d.fill(&page.Questions[i])
	}
	p.Click("main form button[type=submit]:not([name])")
	if p.Has(".govuk-error-summary") {
		t.Fatalf("%s: errors after valid answers: %s", loc, p.Text(".govuk-error-summary"))
	}
}

func hasRequired(page *service.Page) bool {
	for _, q := range page.Questions {
		if q.Validate.Required && q.ShowIf == nil {
			return true
		}
	}
	return false
}

// fill answers one question with valid data, as a person would.
func (d *driver) fill(q *service.Question) {
	p := d.p
	id := "#" + q.ID
	switch q.Type {
	case service.TypeRadios, service.TypeYesNo, service.TypeCheckboxes:
		if p.Has(id) {
			p.Check(id) // the first option ("Yes" for yes/no)
		}
		return
	case service.TypeSelect:
		if p.Has(id) {
			p.Select(id, q.Options[0].Value)
		}
		return
	case service.TypeFile:
		if p.Has(id) {
			name, body := fileFor(q)
			path := filepath.Join(d.files, name)
			if err := os.WriteFile(path, body, 0o600); err != nil {
				d.t.Fatal(err)
			}
			p.Upload(id, path)
		}
		return
	}
	for field, vals := range validForm(q, d.e.Clock.Now()) {
		if sel := "#" + field; p.Has(sel) {
			p.Type(sel, vals[0])
		}
	}
}

// track finds the request again with its reference and the email given.
func (d *driver) track(ref string) {
	p := d.p
	p.Click(`a[href^="/track?ref="]`)
	d.check()
	contact := "sam.resident@example.org"
	if d.def.Applicant.Email == "" {
		contact = "07700 900123"
	}
	p.Type("#contact", contact)
	p.Click("main form button[type=submit]:not([name])")
	d.check()
	if got := p.Text("h1"); !strings.Contains(got, ref) {
		d.t.Errorf("track: heading %q, want the reference %s", got, ref)
	}
}

// TestBrowserAddressLookup: the postcode look-up and the list to pick from
// pass axe-core too, and picking an address works without JavaScript.
func TestBrowserAddressLookup(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	downingStreet(t, e, 10)
	p := b.NewPage(t, browsertest.NoJavaScript())
	p.Navigate(e.URL + "/services/missed-bin-collection/questions/address")
	p.CheckAccessible()
	p.Type("#address-lookup", "SW1A 1AA")
	p.Click(`button[name="action"]`)
	p.CheckAccessible()
	p.Check("#address-pick")
	p.Click(`main form button[type=submit]:not([name])`)
	if !strings.HasSuffix(p.Location(), "/questions/bin") {
		t.Fatalf("after picking an address: %s", p.Location())
	}
}

func hasRepeat(def *service.Definition) bool {
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if q.Type == service.TypeRepeat {
				return true
			}
		}
	}
	return false
}
