package frontdoor_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserWelshJourney: in Chromium at 320px, with JavaScript and
// without, a Welsh-speaking resident follows the Cymraeg link and reports a
// missed bin in Welsh, from the start page to the confirmation and the
// email. Every page is <html lang="cy">, passes axe-core and never scrolls
// sideways; the errors, check your answers, the confirmation and the email
// are compared word for word with golden files.
func TestBrowserWelshJourney(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		opts := []browsertest.Option{browsertest.Width(320)}
		if !m.JavaScript {
			opts = append(opts, browsertest.NoJavaScript())
		}
		p := b.NewPage(t, opts...)
		check := func(wantH1 string) {
			t.Helper()
			p.CheckPage()
			if !strings.Contains(p.HTML(), `<html lang="cy"`) {
				t.Errorf("%s is not marked Welsh", p.Location())
			}
			if got := p.Text("h1"); !strings.Contains(got, wantH1) {
				t.Errorf("%s: heading %q, want %q", p.Location(), got, wantH1)
			}
		}
		submit := func() { t.Helper(); p.Click(`main form button[type=submit]:not([name])`) }
		p.Navigate(e.URL + "/services/missed-bin-collection")
		p.Click(`a[hreflang="cy"]`)
		check("Rhoi gwybod am gasgliad bin a fethwyd")
		p.Click("a.govuk-button--start")
		check("Beth yw’r cyfeiriad?")
		submit()
		check("Beth yw’r cyfeiriad?") // the errors, in Welsh
		golden.Check(t, "testdata/welsh-browser-address-errors.txt", p.Text(".govuk-error-summary")+"\n")
		p.Type("#address-line1", "1 Stryd Fawr")
		p.Type("#address-town", "Caerdydd")
		p.Type("#address-postcode", "CF10 1AA")
		submit()
		check("Pa fin a fethwyd?")
		p.Check("#bin_type")
		p.Type("#collection_date-day", "27")
		p.Type("#collection_date-month", "2")
		p.Type("#collection_date-year", "2026")
		p.Check("#put_out")
		submit()
		check("Eich manylion")
		p.Type("#full_name", "Gwen Jones")
		p.Check("#contact_by")
		p.Type("#email", "gwen@example.org")
		submit()
		check("Gwiriwch eich atebion cyn anfon eich cais")
		golden.Check(t, "testdata/welsh-browser-check-answers.txt", p.Text("main")+"\n")
		submit()
		check("Cais wedi’i anfon")
		confirmation := p.Text("main")
		ref := regexp.MustCompile(`[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}`).FindString(confirmation)
		if ref == "" {
			t.Fatalf("no reference on the confirmation:\n%s", confirmation)
		}
		spokenRef := strings.Join(strings.Split(strings.ReplaceAll(ref, "-", ""), "")[:4], " ") + ", " + strings.Join(strings.Split(ref[5:], ""), " ")
		golden.Check(t, "testdata/welsh-browser-confirmation.txt", strings.NewReplacer(ref, "REF", spokenRef, "R E F").Replace(confirmation)+"\n")
		golden.Check(t, "testdata/welsh-bin-email.txt", strings.ReplaceAll(caseEmail(t, e, ref), ref, "REF"))
		p.Click(`a[hreflang="en"]`)
		if !strings.Contains(p.HTML(), `<html lang="en"`) || !strings.Contains(p.Text("h1"), "Request sent") {
			t.Errorf("the English link does not give the page in English: %q", p.Text("h1"))
		}
	})
}
