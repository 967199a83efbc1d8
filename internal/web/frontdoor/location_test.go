package frontdoor_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestLocationWithoutJavaScript: the place is found by postcode or street
// and picked from a list, the point snapped to the street and property; a
// place in a neighbour's area is told to report it there and is not kept;
// a UPRN posted with a point is the gazetteer's, not the poster's.
func TestLocationWithoutJavaScript(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		millLane(t, e)
		c := e.Client(zeroPrincipal)
		const page = "/services/street-report/questions/where"
		search := func(q string) url.Values { return url.Values{"action": {"place:location"}, "location-search": {q}} }
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "the page offers the search but no map without tiles", URL: page, Status: 200,
				Contains:    []string{`name="location-search"`, "Search by postcode or street name", `value="place:location"`},
				NotContains: []string{`data-module="guildhall-map"`}},
			{Name: "nothing to search for", Method: "POST", URL: page, Form: search(" "), Status: 422,
				Contains: []string{"Enter a postcode or street name"}},
			{Name: "too short a street", Method: "POST", URL: page, Form: search("mi"), Status: 422,
				Contains: []string{"Enter at least 3 letters of the street name"}},
			{Name: "a street we do not have", Method: "POST", URL: page, Form: search("Nowhere Avenue"), Status: 422,
				Contains: []string{"We could not find that postcode or street. Check it, or describe the place"}},
			{Name: "by street", Method: "POST", URL: page, Form: search("mill"), Status: 200,
				Contains: []string{`value="usrn:99000011"`, "Mill Lane, Wyvernbury"}},
			{Name: "by postcode", Method: "POST", URL: page, Form: search("wv12ab"), Status: 200,
				Contains: []string{`name="location-found"`, `value="uprn:990000000102"`, "3 Mill Lane, Wyvernbury, WV1 2AB"}},
			{Name: "a neighbour's place is refused and sent there", Method: "POST", URL: page,
				Form: url.Values{"location-lat": {"52.52"}, "location-lng": {"-1.75"}}, Status: 200,
				Contains: []string{"<h1 class=\"govuk-heading-l\">Report this to Otherton Borough Council</h1>",
					"The place you chose is not in Testshire Council’s area. Otherton Borough Council looks after it, so we cannot take this report.",
					`<a class="govuk-link" href="https://www.otherton.example/report-it">Report it on Otherton Borough Council’s website</a>`,
					`<a class="govuk-link" href="` + page + `">Choose a different place</a>`}},
			{Name: "nobody's place we know", Method: "POST", URL: page,
				Form: url.Values{"location-lat": {"51.5"}, "location-lng": {"-0.12"}}, Status: 200,
				Contains: []string{"This place is outside our area", "https://www.gov.uk/find-local-council"}},
			{Name: "neither was kept", URL: page, Status: 200, NotContains: []string{`value="52.52"`, `value="51.5"`}},
			{Name: "pick 3 Mill Lane", Method: "POST", URL: page,
				Form: url.Values{"location-search": {"WV1 2AB"}, "location-found": {"uprn:990000000102"}}, Status: 303},
			{Name: "its point is the answer", URL: page, Status: 200, Contains: []string{`value="52.5202"`, `value="-1.823"`}},
		})
		c.PostForm("/services/street-report/questions/about", url.Values{"details": {"A broken slab"}, "full_name": {"Ada Resident"}})
		res, body := c.Get("/services/street-report/check-answers")
		if want := "3 Mill Lane, Wyvernbury, WV1 2AB Property reference (UPRN) 990000000102 Street reference (USRN) 99000011 Latitude 52.5202, longitude -1.823"; res.StatusCode != 200 || !strings.Contains(text(body), want) {
			t.Fatalf("check answers (%d) reads:\n%s\nwant it to hold:\n%s", res.StatusCode, text(body), want)
		}
		// A point near number 5 with another property's UPRN forged in.
		res, _ = c.PostForm("/services/street-report/questions/where?change=1",
			url.Values{"location-lat": {"52.52031"}, "location-lng": {"-1.82291"}, "location-uprn": {"100023336956"}, "location-description": {"By the drain"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("changing the place: %d", res.StatusCode)
		}
		res, _ = c.PostForm("/services/street-report/check-answers", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending: %d", res.StatusCode)
		}
		found, err := e.Store.FindCases(context.Background(), cases.Query{ServiceIDs: []string{"street-report"}, Limit: 2, Access: access.Scope{All: true}})
		if err != nil || len(found) != 1 {
			t.Fatalf("cases %v, %v", found, err)
		}
		l := found[0].Answers["location"].Location
		if l == nil || l.UPRN != "990000000103" || l.USRN != "99000011" || l.Place != "5 Mill Lane, Wyvernbury, WV1 2AB" || l.Description != "By the drain" {
			t.Errorf("the case's place: %+v", l)
		}
	}, platformtest.Fixtures("street-report"), withMap(t, nil), platformtest.Configure(func(c *platform.Config) {
		c.Limits.Form, c.Limits.Track = unlimited(), unlimited()
	}))
}

// TestMapPageHeaders: with tiles configured the question carries the map
// for the script, and only that page lets images come from the tiles'
// origin and asks may use the browser's location. A list of reports and a
// report's page carry their map hidden for the script, with a pin for each
// report, and may show the tiles but not ask for the location.
func TestMapPageHeaders(t *testing.T) {
	ts := newTileServer(t)
	e := newEnv(t, platformtest.Fixtures("street-report"), withMap(t, ts), platformtest.Staff(streetsOfficer))
	near := reportsOnMillLane(t, e)
	c := e.Client(zeroPrincipal)
	tilesAllowed := func(t *testing.T, res *http.Response, _ string) {
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: "+ts.URL+";") {
			t.Errorf("CSP %q does not allow the tiles", csp)
		}
	}
	noLocation := map[string]string{"Permissions-Policy": "camera=(), microphone=(), geolocation=()"}
	pin := `<span class="guildhall-map__marker guildhall-map__pin" data-lat="52.522" data-lng="-1.823" data-href="/reports/` + near[9].Ref + `">`
	webtest.Run(t, c, []webtest.Scenario{
		{Name: "the reports near a place, on a map", URL: "/reports?q=WV1+2AB", Status: 200, Header: noLocation, Check: tilesAllowed,
			Contains: []string{`data-module="guildhall-reports-map" data-tiles="` + ts.URL + `/{z}/{x}/{y}.png"`,
				`data-lat="52.5201" data-lng="-1.8231" data-zoom="16" hidden`, pin, "Map: © Test Tiles contributors"}},
		{Name: "a report's page, on a map", URL: "/reports/" + near[9].Ref, Status: 200, Header: noLocation, Check: tilesAllowed,
			Contains: []string{`data-lat="52.522" data-lng="-1.823" data-zoom="17" hidden`,
				`<span class="guildhall-map__marker guildhall-map__pin" data-lat="52.522" data-lng="-1.823"></span>`},
			NotContains: []string{"data-href", "guildhall-map__crosshair"}},
		{Name: "no search, no map", URL: "/reports", Status: 200, Header: noLocation,
			NotContains: []string{"guildhall-map", ts.URL}},
	})
	webtest.Run(t, c, []webtest.Scenario{
		{Name: "the map, its tiles, attribution and start", URL: "/services/street-report/questions/where", Status: 200,
			Contains: []string{`data-module="guildhall-map"`, `data-tiles="` + ts.URL + `/{z}/{x}/{y}.png"`,
				`data-lat="52.525" data-lng="-1.815" data-zoom="13" hidden`, "Map: © Test Tiles contributors", "Use my location"},
			Header: map[string]string{"Permissions-Policy": "camera=(), microphone=(), geolocation=(self)"},
			Check: func(t *testing.T, res *http.Response, _ string) {
				if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: "+ts.URL+";") {
					t.Errorf("CSP %q does not allow the tiles", csp)
				}
			}},
		{Name: "other pages keep the strict policy", URL: "/services/street-report/questions/about", Status: 200,
			Header: map[string]string{"Permissions-Policy": "camera=(), microphone=(), geolocation=()"},
			Check: func(t *testing.T, res *http.Response, _ string) {
				if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, ts.URL) {
					t.Errorf("CSP %q allows the tiles", csp)
				}
			}},
	})
}
