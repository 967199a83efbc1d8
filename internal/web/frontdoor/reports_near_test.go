package frontdoor_test

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// reportsOnMillLane makes twelve street reports 20 metres apart going north
// from Mill Lane (the first two fixed), one 3 km away and one of a service
// whose reports are not public, and returns the twelve, nearest first.
func reportsOnMillLane(t *testing.T, e *env) []cases.Case {
	t.Helper()
	millLane(t, e)
	var near []cases.Case
	report := func(service_ string, lat float64, place string) cases.Case {
		lng := -1.8231
		return e.Submit(access.Anonymous, service_, service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: place}},
			"details":  {Text: "Broken slab"}, "full_name": {Text: "Bo Reporter"}, "email": {Text: "bo@example.org"}}, cases.ChannelWeb)
	}
	for i := range 12 {
		near = append(near, report("street-report", 52.5201+float64(i)*20/111195.0, fmt.Sprintf("Slab %d", i+1)))
	}
	for _, c := range near[:2] {
		if _, err := e.Cases.Transition(t.Context(), streetsOfficer, c.Ref, "fix", nil, c.Version); err != nil {
			t.Fatal(err)
		}
	}
	report("street-report", 52.55, "Far away")
	return near
}

// TestReportsNearYou: without JavaScript, a postcode or street search lists
// the public reports within 500 metres, nearest first, ten a page, each
// with its service, status, place and distance, linked to its page; not a
// report further away, nor one of a service that does not publish its
// reports (an OFFICIAL-SENSITIVE one at the same spot). Streets of the same
// name far apart are a choice. Every page of it is in Welsh. A search that finds nothing, or nothing typed, says so.
func TestReportsNearYou(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		near := reportsOnMillLane(t, e)
		millRoad := people.Property{UPRN: "990000000201", USRN: "99000022", PAO: people.Object{StartNumber: 2}, Street: "Mill Road",
			Town: "Otherbury", Postcode: "WV9 9ZZ", Lat: 52.60, Lon: -1.90, Status: people.StatusApproved}
		if err := e.Store.SaveProperties(t.Context(), []people.Property{millRoad}); err != nil {
			t.Fatal(err)
		}
		lat, lng := 52.5201, -1.8231
		hidden := e.Submit(access.Anonymous, "street-safety-concern", service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "By the bus shelter"}},
			"concern":  {Text: "A man asleep in the cold"}, "full_name": {Text: "Cy Caller"}}, cases.ChannelWeb)
		c := e.Client(access.Anonymous)
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "the search", URL: "/reports", Status: 200,
				Contains: []string{"<h1 class=\"govuk-heading-l\">Reports near you</h1>", `name="q"`}, NotContains: []string{near[0].Ref}},
			{Name: "nothing typed", URL: "/reports?q=+", Status: 422, Contains: []string{"Enter a postcode or street name"}},
			{Name: "nowhere", URL: "/reports?q=Nowhere+Avenue", Status: 422,
				Contains: []string{"We could not find that postcode or street. Check it and try again"}},
			{Name: "by postcode", URL: "/reports?q=wv12ab", Status: 200,
				Contains: []string{"12 reports within 500 metres of WV1 2AB", "Showing 1 to 10 of 12, nearest first",
					`href="/reports/` + near[0].Ref + `"`, `href="/reports/` + near[9].Ref + `"`, `rel="next"`},
				NotContains: []string{near[10].Ref, hidden.Ref, "bus shelter", "Far away"}},
			{Name: "by street", URL: "/reports?q=mill+lane", Status: 200, Contains: []string{"12 reports within 500 metres of Mill Lane"}},
			{Name: "streets far apart are a choice", URL: "/reports?q=mill", Status: 200,
				Contains: []string{"Which place did you mean?", ">Mill Lane, Wyvernbury</a>", ">Mill Road, Otherbury</a>"}, NotContains: []string{near[0].Ref}},
		})
		// The same in both: the chrome's names, and the street service's
		// (not offered in Welsh) states, the places and the reporters' words.
		same := englishOnlyServices(e)
		for _, s := range []string{"Reported", "Fixed", "Mill Lane, Wyvernbury", "Mill Road, Otherbury"} {
			same[s] = true
		}
		cy := e.Client(access.Anonymous)
		cy.Get("/?lang=cy")
		for _, path := range []string{"/reports?q=wv12ab", "/reports?q=mill", "/reports?q=Nowhere"} {
			_, cyBody := cy.Get(path)
			_, enBody := c.Get(path)
			for _, s := range webtest.Untranslated(cyBody, enBody, func(s string) bool { return same[s] || strings.HasPrefix(s, "Slab") }) {
				t.Errorf("%s: English on the Welsh page: %q", path, s)
			}
		}
		// Slabs 11 and 12 (200 and 220 metres north) are both published at
		// 52.522, -1.823 (three decimals), which is 211 metres from WV1 2AB:
		// the distance shown is the published point's.
		_, body := c.Get("/reports?q=wv12ab")
		next := between(body, `<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="`, `"`)
		_, body = c.Get(html.UnescapeString(next))
		want := "Reports near you See the problems people have reported near a place, and what we are doing about them." +
			" Postcode or street Find reports 12 reports within 500 metres of WV1 2AB Showing 11 to 12 of 12, nearest first" +
			" Report a street problem: report " + near[10].Ref + " Reported Slab 11 – about 211 metres away Reported 2 March 2026 at 10:00am" +
			" Report a street problem: report " + near[11].Ref + " Reported Slab 12 – about 211 metres away Reported 2 March 2026 at 10:00am" +
			" Previous page 1 2"
		if got := text(body); got != want {
			t.Errorf("page 2 reads:\n%s\nwant:\n%s", got, want)
		}
	}, platformtest.Fixtures("street-report", "street-safety-concern"), platformtest.Staff(streetsOfficer))
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return v
}

// TestBrowserReportsNearYou: the page found from the front door, searched
// and paged in Chromium at 320px with and without JavaScript, then a
// report's page and the list again in Welsh, with no axe-core violations
// and no sideways scrolling. With JavaScript each list and report has a map
// from the local tile server with a pin for each report it shows, and a
// tap on a pin opens that report; without, the map stays hidden and the
// page is the list alone.
func TestBrowserReportsNearYou(t *testing.T) {
	b := browsertest.Shared(t)
	ts := newTileServer(t)
	e := newEnv(t, platformtest.Fixtures("street-report"), platformtest.Staff(streetsOfficer), withMap(t, ts))
	near := reportsOnMillLane(t, e)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		opts := []browsertest.Option{browsertest.Width(320)}
		if !m.JavaScript {
			opts = append(opts, browsertest.NoJavaScript())
		}
		p := b.NewPage(t, opts...)
		shows := func(pins int, attribution string) {
			t.Helper()
			p.CheckPage()
			if m.JavaScript {
				checkReportsMap(t, p, ts, pins, attribution)
			} else if !p.Has(".guildhall-map[hidden]") || strings.Contains(p.Text("main"), attribution) {
				t.Errorf("%s: the map shows without JavaScript", p.Location())
			}
		}
		p.Navigate(e.URL + "/")
		p.Click(`a[href="/reports"]`)
		p.CheckPage()
		p.Type("#q", "WV1 2AB")
		p.Click("main form button")
		if got := p.Text("#results"); got != "12 reports within 500 metres of WV1 2AB" {
			t.Fatalf("results heading %q", got)
		}
		shows(10, "Map: © Test Tiles contributors")
		if m.JavaScript {
			list := p.Location()
			tapPin(t, p, "/reports/"+near[0].Ref)
			if got := p.Location(); got != e.URL+"/reports/"+near[0].Ref {
				t.Errorf("the tap on report %s's pin opened %s", near[0].Ref, got)
			}
			p.Navigate(list)
		}
		p.Click(`a[rel="next"]`)
		shows(2, "Map: © Test Tiles contributors")
		p.Click(`a[href="/reports/` + near[11].Ref + `"]`)
		shows(1, "Map: © Test Tiles contributors")
		p.Click(`#near`)
		if got := p.Text("#results"); !strings.HasPrefix(got, "12 reports within 500 metres of report "+near[11].Ref) {
			t.Fatalf("from the report page: %q", got)
		}
		p.Click(`a[hreflang="cy"]`)
		if got := p.Text("#results"); !strings.HasPrefix(got, "12 adroddiad") {
			t.Errorf("the list in Welsh: %q", got)
		}
		shows(10, "Map: © Test Tiles contributors")
		if m.JavaScript && !strings.HasPrefix(p.Text("#reports-map-hint"), "Mae’r map yn dangos") {
			t.Errorf("the map's hint in Welsh: %q", p.Text("#reports-map-hint"))
		}
		p.Click(`a[href="/reports/` + near[10].Ref + `"]`)
		shows(1, "Map: © Test Tiles contributors")
	})
}

// checkReportsMap: the map is shown with the tile server's tiles, all
// loaded, its attribution, and one pin inside the view for each report.
func checkReportsMap(t *testing.T, p *browsertest.Page, ts *tileServer, pins int, attribution string) {
	t.Helper()
	p.Do(chromedp.WaitVisible(chromedp.CSS(".guildhall-map__view")))
	tiles := browsertest.Run(p, chromedp.Poll[int](`(() => { const t = [...document.querySelectorAll('.guildhall-map__tile')];
		return t.length > 0 && t.every(i => i.complete && i.naturalWidth === 256) && t.length })()`))
	if tiles == 0 || ts.served() < tiles {
		t.Errorf("%s: %d tiles shown, %d served by the tile server", p.Location(), tiles, ts.served())
	}
	if got := p.Text(".guildhall-map__attribution"); got != attribution {
		t.Errorf("%s: attribution %q", p.Location(), got)
	}
	inside := browsertest.Run(p, chromedp.Evaluate[int](`(() => { const v = document.querySelector('.guildhall-map__view');
		return [...v.querySelectorAll('.guildhall-map__pin')].filter(e => { const x = parseFloat(e.style.left), y = parseFloat(e.style.top);
			return x >= 0 && y >= 0 && x <= v.clientWidth && y <= v.clientHeight }).length })()`))
	if inside != pins {
		t.Errorf("%s: %d pins on the map, want %d", p.Location(), inside, pins)
	}
}

// tapPin taps the map where the pin of the report at href points, and
// waits for the page it opens.
func tapPin(t *testing.T, p *browsertest.Page, href string) {
	t.Helper()
	xy := browsertest.Run(p, chromedp.Evaluate[[]float64](`(() => { const v = document.querySelector('.guildhall-map__view');
		v.scrollIntoView(); const pin = v.querySelector('.guildhall-map__pin[data-href="`+href+`"]'); const box = v.getBoundingClientRect();
		return [box.left + v.clientLeft + parseFloat(pin.style.left), box.top + v.clientTop + parseFloat(pin.style.top)] })()`))
	p.ClickAt(xy[0], xy[1])
}
