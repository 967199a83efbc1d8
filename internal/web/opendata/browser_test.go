package opendata_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestOpenDataPagesInBrowser visits every public page in Chromium, with
// JavaScript and without it at 320 pixels, in English and then in Welsh
// (the catalogue, a data set, statistics, performance and the disclosure
// log), checks each with axe-core, and searches as a resident would.
func TestOpenDataPagesInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	e := searchEnv(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		for _, l := range []string{"cy", "en"} {
			p.Navigate(e.URL + "/open-data?lang=" + l) // the language switch's link: kept for the pages after
			for _, path := range []string{"/open-data", "/open-data/pothole-reports", "/open-data/foi-requests", "/statistics",
				"/statistics/pothole-reports", "/statistics/foi-requests", "/performance", "/disclosure-log", "/disclosure-log/" + e.foi,
				"/open-data/search", "/open-data/search?q=nothing+like+this", "/open-data/search?q=potholes&near=ZZ9+9ZZ"} {
				p.Navigate(e.URL + path)
				p.CheckAccessible()
				page := p.HTML()
				if !strings.Contains(page, `<html lang="`+l+`"`) {
					t.Errorf("%s is not in language %s", path, l)
				}
				noPersonal(t, path, page)
			}
		}
		p.Navigate(e.URL + "/open-data/search")
		p.Type("#q", "pothols")
		p.Type("#near", "cb1 1pt")
		p.Click("button[type=submit]")
		p.CheckAccessible()
		if got := p.Text("#result-count"); got != "8 results (reports within 500 metres of CB1 1PT)" {
			t.Errorf("searching pothols near cb1 1pt: %q\n%s", got, p.Text("main"))
		}
		noPersonal(t, "search results", p.Text("#results"))
		if n := p.Overflow(); n > 0 {
			t.Errorf("the results scroll sideways by %d pixels", n)
		}
		p.Check("#show-2") // Reports near the postcode (5)
		p.Click("#search-form .govuk-button--secondary")
		p.CheckAccessible()
		if got := p.Text("#result-count"); got != "5 results (reports within 500 metres of CB1 1PT)" {
			t.Errorf("reports only: %q", got)
		}
		p.Click("#results li:first-child a")
		if !strings.HasSuffix(p.Location(), "/reports/"+e.refs[0]) {
			t.Errorf("the nearest report: %s", p.Location())
		}
		p.Navigate(e.URL + "/open-data/search?q=potholes")
		p.Click(`#results a[href^="/disclosure-log/"]`)
		if !strings.HasSuffix(p.Location(), "/disclosure-log/"+e.foi) || !strings.Contains(p.Text("#response"), "£1.2m") {
			t.Errorf("the answer page: %s", p.Location())
		}
		p.Navigate(e.URL + "/statistics/pothole-reports")
		if got := p.Text("#months tbody tr"); !strings.Contains(got, "March 2026") || !strings.Contains(got, "6") {
			t.Errorf("March's row: %q", got)
		}
	})
}
