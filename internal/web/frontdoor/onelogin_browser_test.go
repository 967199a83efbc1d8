package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserOneLogin signs a resident in with the local One Login in
// Chromium, with JavaScript and without it at 320px: the sign-in page,
// "Your requests", signing out through One Login, and the page of a
// cancelled sign-in have no axe-core violations and no sideways scrolling.
func TestBrowserOneLogin(t *testing.T) {
	b := browsertest.Shared(t)
	e, op := newOneLoginEnv(t, "ES256", platformtest.At(closedBinDay), platformtest.AtServerURL())
	ref := submitBin(t, e, "bea@example.org")
	for _, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript", nil}, {"no-javascript-320px", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			check := func(p *browsertest.Page) {
				t.Helper()
				p.CheckAccessible()
				if over := p.Overflow(); over > 0 {
					t.Errorf("%s: %dpx sideways scrolling", p.Location(), over)
				}
			}
			op.mu.Lock()
			op.deny = false
			op.mu.Unlock()
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + "/your-account/sign-in")
			check(p)
			p.Click(`a[href="/your-account/sign-in/onelogin"]`)
			if got := p.Text("h1"); got != "Your requests" || !strings.Contains(p.Text("#requests"), ref) {
				t.Fatalf("after One Login: h1 %q at %s", got, p.Location())
			}
			check(p)
			p.Click(`form[action="/your-account/sign-out"] .govuk-button`)
			if got := p.Text("h1"); got != "You have signed out" || !strings.HasPrefix(p.Location(), e.URL+"/your-account/signed-out?state=") {
				t.Fatalf("after signing out: h1 %q at %s", got, p.Location())
			}
			check(p)

			op.mu.Lock()
			op.deny = true
			op.mu.Unlock()
			p.Navigate(e.URL + "/your-account/sign-in")
			p.Click(`a[href="/your-account/sign-in/onelogin"]`)
			if got := p.Text("h1"); got != "You did not sign in" {
				t.Fatalf("after cancelling: h1 %q", got)
			}
			check(p)
		})
	}
}
