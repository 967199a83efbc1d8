package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserWelshJourney: in Chromium without JavaScript at 320px, a
// resident follows the Cymraeg link and reports a missed bin in Welsh;
// every page is <html lang="cy">, passes axe-core and never scrolls sideways.
func TestBrowserWelshJourney(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	p := b.NewPage(t, browsertest.NoJavaScript(), browsertest.Width(320))
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
	if got := p.Text(".govuk-error-summary__title"); got != "Mae problem wedi codi" {
		t.Errorf("error summary title %q", got)
	}
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
	if got := p.Text("main"); !strings.Contains(got, "27 Chwefror 2026") {
		t.Errorf("check your answers does not give the date in Welsh:\n%s", got)
	}
	submit()
	check("Cais wedi’i anfon")
	p.Click(`a[hreflang="en"]`)
	if !strings.Contains(p.HTML(), `<html lang="en"`) || !strings.Contains(p.Text("h1"), "Request sent") {
		t.Errorf("the English link does not give the page in English: %q", p.Text("h1"))
	}
}
