package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

const streetWhere = "/services/street-report/questions/where"

// TestBrowserMapWithJavaScript chooses the place on the map at 320px: the
// map shows tiles from the local tile server with their attribution, Enter
// chooses the middle, "Use my location" takes the browser's position, a
// tap chooses where it lands, and the report keeps the point snapped to 3
// Mill Lane. Every page has no axe-core violations and no sideways scrolling.
func TestBrowserMapWithJavaScript(t *testing.T) {
	b := browsertest.Shared(t)
	ts := newTileServer(t)
	e := newEnv(t, platformtest.Fixtures("street-report"), withMap(t, ts))
	millLane(t, e)
	p := b.NewPage(t, browsertest.Width(320))
	p.Navigate(e.URL + streetWhere)
	p.Do(chromedp.WaitVisible(chromedp.CSS(".guildhall-map__view")))
	tiles := browsertest.Run(p, chromedp.Poll[int](`(() => { const t = [...document.querySelectorAll('.guildhall-map__tile')];
		return t.length > 0 && t.every(i => i.complete && i.naturalWidth === 256) && t.length })()`))
	if tiles == 0 || ts.served() < tiles {
		t.Fatalf("%d tiles shown, %d served by the tile server", tiles, ts.served())
	}
	if got := p.Text(".guildhall-map__attribution"); got != "Map: © Test Tiles contributors" {
		t.Errorf("attribution %q", got)
	}
	p.CheckPage()
	field := func(id string) string {
		return browsertest.Run(p, chromedp.Evaluate[string](`document.getElementById("`+id+`").value`))
	}

	p.Do(chromedp.Focus(chromedp.CSS(".guildhall-map__view")), chromedp.KeyEvent(kb.Enter))
	if lat, lng := field("location-lat"), field("location-lng"); lat != "52.525000" || lng != "-1.815000" {
		t.Errorf("Enter chose %s, %s; want the middle of the council's area", lat, lng)
	}
	if got := p.Text(".guildhall-map__status"); got != "You chose the place marked on the map." || !p.Has(".guildhall-map__marker") {
		t.Errorf("after choosing, status %q, marker %v", got, p.Has(".guildhall-map__marker"))
	}

	p.SetGeolocation(52.5202, -1.8230)
	p.Check(".guildhall-map__locate")
	browsertest.Run(p, chromedp.Poll[bool](`document.getElementById("location-lat").value === "52.520200"`))
	if lng := field("location-lng"); lng != "-1.823000" {
		t.Errorf("my location's longitude %s", lng)
	}
	p.CheckPage()
	p.Click("main form button[type=submit]:not([name])")
	p.Type("#details", "A broken slab")
	p.Type("#full_name", "Ada Resident")
	p.Click("main form button[type=submit]:not([name])")
	if got := text(p.HTML()); !strings.Contains(got, "3 Mill Lane, Wyvernbury, WV1 2AB Property reference (UPRN) 990000000102 Street reference (USRN) 99000011 Latitude 52.5202, longitude -1.823") {
		t.Errorf("check answers reads: %s", got)
	}

	// Back on the map, centred on the place chosen: a tap in the middle
	// chooses the point under it, within a pixel (under a metre here).
	p.Navigate(e.URL + streetWhere)
	p.Do(chromedp.WaitVisible(chromedp.CSS(".guildhall-map__marker")))
	p.Check(".guildhall-map__view")
	lat := browsertest.Run(p, chromedp.Evaluate[float64](`Number(document.getElementById("location-lat").value)`))
	lng := browsertest.Run(p, chromedp.Evaluate[float64](`Number(document.getElementById("location-lng").value)`))
	if d := (lat-52.5202)*(lat-52.5202) + (lng+1.8230)*(lng+1.8230); d > 0.00001*0.00001 {
		t.Errorf("the tap chose %f, %f; want 52.5202, -1.8230", lat, lng)
	}
	p.CheckPage()
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("console: %v", errs)
	}
}

// TestBrowserPlaceWithoutJavaScript finds the place by postcode at 320px
// with JavaScript off: no map, the search, the list, the pick kept as 5
// Mill Lane; and a place typed in a neighbour's area is sent there.
func TestBrowserPlaceWithoutJavaScript(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.Fixtures("street-report"), withMap(t, newTileServer(t)))
	millLane(t, e)
	p := b.NewPage(t, browsertest.NoJavaScript(), browsertest.Width(320))
	p.Navigate(e.URL + streetWhere)
	if !p.Has(".guildhall-map[hidden]") {
		t.Error("the map shows without JavaScript")
	}
	p.CheckPage()
	p.Click(`button[value="place:location"]`)
	if got := p.Text(".govuk-error-summary"); !strings.Contains(got, "Enter a postcode or street name") {
		t.Errorf("empty search: %q", got)
	}
	p.CheckPage()
	p.Type("#location-search", "WV1 2AB")
	p.Click(`button[value="place:location"]`)
	p.CheckPage()
	p.Check(`input[name="location-found"][value="uprn:990000000103"]`)
	p.Click("main form button[type=submit]:not([name])")
	p.Type("#details", "A broken slab")
	p.Type("#full_name", "Ada Resident")
	p.Click("main form button[type=submit]:not([name])")
	if got := text(p.HTML()); !strings.Contains(got, "5 Mill Lane, Wyvernbury, WV1 2AB Property reference (UPRN) 990000000103 Street reference (USRN) 99000011") {
		t.Errorf("check answers reads: %s", got)
	}
	p.CheckPage()

	p = b.NewPage(t, browsertest.NoJavaScript(), browsertest.Width(320)) // a new report
	p.Navigate(e.URL + streetWhere)
	p.Check(".govuk-details__summary")
	p.Type("#location-lat", "52.52")
	p.Type("#location-lng", "-1.75")
	p.Click("main form button[type=submit]:not([name])")
	if got := p.Text("h1"); got != "Report this to Otherton Borough Council" {
		t.Errorf("a neighbour's place: h1 %q", got)
	}
	p.CheckPage()
}

// TestBrowserFollowInsteadOfReporting places a report beside an open one at
// 320px, with JavaScript and without: "Has it already been reported?", the
// report's page and its follow form, the error for a bad address and the
// confirmation, each without axe-core violations or sideways scrolling.
func TestBrowserFollowInsteadOfReporting(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.Fixtures("street-report"), withMap(t, newTileServer(t)))
	millLane(t, e)
	lat, lng := 52.5202, -1.8230
	existing := e.Submit(access.Anonymous, "street-report", service.Answers{
		"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "By the post box"}},
		"details":  {Text: "Broken slab"}, "full_name": {Text: "Bo Reporter"}}, cases.ChannelWeb)
	for _, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript-320px", []browsertest.Option{browsertest.Width(320)}}, {"no-javascript-320px", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + streetWhere)
			p.Type("#location-search", "WV1 2AB")
			p.Click(`button[value="place:location"]`)
			p.Check(`input[name="location-found"][value="uprn:990000000102"]`)
			p.Click("main form button[type=submit]:not([name])")
			if got := p.Text("h1"); got != "Has it already been reported?" {
				t.Fatalf("after the place: h1 %q at %s", got, p.Location())
			}
			p.CheckPage()
			p.Click("main h2 a")
			p.CheckPage()
			p.Type("#contact", "not an address")
			p.Click("#follow ~ form button[type=submit]")
			if !p.Has(".govuk-error-summary") {
				t.Fatal("no error for a bad address")
			}
			p.CheckPage()
			p.Navigate(e.URL + cases.ReportPath(existing.Ref))
			p.Type("#contact", "ada@example.org")
			p.Click("#follow ~ form button[type=submit]")
			if got := p.Text("h1"); got != "You are following report "+existing.Ref {
				t.Fatalf("after following: h1 %q", got)
			}
			p.CheckPage()
		})
	}
}
