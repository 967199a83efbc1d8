package dashboard_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// Every statistics page in Chromium (with wards, so with the table by ward), with JavaScript and without it at 320
// pixels: axe-core finds nothing, nothing scrolls sideways, the chart is an
// image named by its title and description, and the filter form works
// without JavaScript.
func TestDashboardPagesInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	p := platformtest.New(t, append(options(), platformtest.Wards())...)
	seed(t, p)
	p.Who.Add(roads)
	p.Who.Add(foi)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		for _, who := range []string{roads.UserID, foi.UserID} {
			tab := m.NewPage(t)
			tab.SetCookie(p.URL, webtest.PrincipalCookie, who)
			tab.Navigate(p.URL + "/workspace/statistics")
			if !tab.Has("#trend-title") {
				t.Fatalf("not signed in as %s: %s", who, tab.Location())
			}
			for _, path := range []string{"/workspace/statistics", "/workspace/statistics?trend=week", "/workspace/statistics?service=report-a-pothole",
				"/workspace/statistics/returns", "/workspace/statistics/returns/foi-request?quarter=2026-Q1"} {
				tab.Navigate(p.URL + path)
				tab.CheckPage()
			}
		}
		tab := m.NewPage(t)
		tab.SetCookie(p.URL, webtest.PrincipalCookie, roads.UserID)
		tab.Navigate(p.URL + "/workspace/statistics")
		tab.Select("#service", "report-a-pothole")
		tab.Check("#trend-week")
		tab.Click("form button[type=submit]")
		if loc := tab.Location(); !strings.Contains(loc, "service=report-a-pothole") || !strings.Contains(loc, "trend=week") {
			t.Errorf("the form went to %s", loc)
		}
		if !strings.Contains(tab.HTML(), `<title id="trend-title">Cases received and closed each week</title>`) {
			t.Errorf("the weekly chart's title is missing")
		}
		if got := tab.Text("#trend-table tbody tr:last-child"); !strings.Contains(got, "Week of 2 March 2026") || !strings.Contains(got, "3") {
			t.Errorf("first week's row %q", got)
		}
	})
}
