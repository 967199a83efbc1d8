package frontdoor_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserResidentAccount signs a resident in with an emailed link in
// Chromium, with JavaScript and without it at 320px, lists their requests
// over two pages (51 requests) and deletes the account: every page has no
// axe-core violations and no sideways scrolling.
func TestBrowserResidentAccount(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.At(closedBinDay))
	ref := submitBin(t, e, "bea@example.org")
	for range 50 { // a second page of requests, with its pagination
		e.Clock.Add(time.Second)
		submitBin(t, e, "bea@example.org")
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		// A minute on, so that this mode's link is the newest email
		// (signInEmails lists them oldest first, by when they were queued).
		e.Clock.Add(time.Minute)
		p := m.NewPage(t)
		p.Navigate(e.URL + "/your-account")
		p.CheckPage()
		p.Click("form .govuk-button")
		if !p.Has(".govuk-error-summary") {
			t.Fatal("no error for an empty address")
		}
		p.CheckPage()
		p.Type("#email", "bea@example.org")
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "Check your email" {
			t.Fatalf("after sending: h1 %q", got)
		}
		p.CheckPage()
		_, links := signInEmails(t, e)
		link := links[len(links)-1]
		p.Navigate(e.URL + link)
		p.CheckPage()
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "Your requests" || strings.Contains(p.Text("#requests"), ref) {
			t.Fatalf("after signing in: h1 %q, the oldest request %s on the first page", got, ref)
		}
		p.CheckPage()
		p.Click(`a[rel="next"]`)
		if got := p.Text("#requests"); strings.TrimSpace(got) == "" || !strings.Contains(got, ref) || !p.Has(`a[rel="prev"]`) {
			t.Fatalf("older requests: %q", got)
		}
		p.CheckPage()
		p.Click(`a[href="/your-account/delete"]`)
		p.CheckPage()
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "Your account has been deleted" {
			t.Fatalf("after deleting: h1 %q", got)
		}
		p.CheckPage()
		p.Navigate(e.URL + link)
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "This link has expired or has been used" {
			t.Errorf("used link: h1 %q", got)
		}
		p.CheckPage()
	})
}
