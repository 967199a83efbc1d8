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
// and deletes the account: every page has no axe-core violations and no
// sideways scrolling.
func TestBrowserResidentAccount(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.At(closedBinDay))
	ref := submitBin(t, e, "bea@example.org")
	for i, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript", nil}, {"no-javascript-320px", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			// A minute on, so that this mode's link is the newest email
			// (signInEmails lists them oldest first, by when they were queued).
			e.Clock.Add(time.Minute)
			check := func(p *browsertest.Page) {
				t.Helper()
				p.CheckAccessible()
				if over := p.Overflow(); over > 0 {
					t.Errorf("%s: %dpx sideways scrolling", p.Location(), over)
				}
			}
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + "/your-account")
			check(p)
			p.Click("form .govuk-button")
			if !p.Has(".govuk-error-summary") {
				t.Fatal("no error for an empty address")
			}
			check(p)
			p.Type("#email", "bea@example.org")
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "Check your email" {
				t.Fatalf("after sending: h1 %q", got)
			}
			check(p)
			_, links := signInEmails(t, e)
			p.Navigate(e.URL + links[i])
			check(p)
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "Your requests" || !strings.Contains(p.Text("#requests"), ref) {
				t.Fatalf("after signing in: h1 %q", got)
			}
			check(p)
			p.Click(`a[href="/your-account/delete"]`)
			check(p)
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "Your account has been deleted" {
				t.Fatalf("after deleting: h1 %q", got)
			}
			check(p)
			p.Navigate(e.URL + links[i])
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "This link has expired or has been used" {
				t.Errorf("used link: h1 %q", got)
			}
			check(p)
		})
	}
}
