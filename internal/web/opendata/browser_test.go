package opendata_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestOpenDataPagesInBrowser visits every public page in Chromium, with
// JavaScript and without it at 320 pixels, checks each with axe-core, and
// searches as a resident would.
func TestOpenDataPagesInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		for _, path := range []string{"/open-data", "/open-data/pothole-reports", "/open-data/foi-requests", "/statistics",
			"/statistics/pothole-reports", "/statistics/foi-requests", "/disclosure-log", "/disclosure-log/" + e.foi,
			"/open-data/search", "/open-data/search?q=nothing+like+this"} {
			p.Navigate(e.URL + path)
			p.CheckAccessible()
			noPersonal(t, path, p.HTML())
		}
		p.Navigate(e.URL + "/open-data/search")
		p.Type("#q", "potholes")
		p.Click("button[type=submit]")
		p.CheckAccessible()
		if !p.Has("#found-datasets") || !p.Has("#found-answers") || !p.Has("#found-services") {
			t.Errorf("searching potholes found:\n%s", p.Text("main"))
		}
		p.Click("#found-answers a")
		if !strings.HasSuffix(p.Location(), "/disclosure-log/"+e.foi) || !strings.Contains(p.Text("#response"), "£1.2m") {
			t.Errorf("the answer page: %s", p.Location())
		}
		p.Navigate(e.URL + "/statistics/pothole-reports")
		if got := p.Text("#months tbody tr"); !strings.Contains(got, "March 2026") || !strings.Contains(got, "6") {
			t.Errorf("March's row: %q", got)
		}
	})
}
