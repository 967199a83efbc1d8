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
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		op.mu.Lock()
		op.deny = false
		op.mu.Unlock()
		p := m.NewPage(t)
		p.Navigate(e.URL + "/your-account/sign-in")
		p.CheckPage()
		p.Click(`a[href="/your-account/sign-in/onelogin"]`)
		if got := p.Text("h1"); got != "Your requests" || !strings.Contains(p.Text("#requests"), ref) {
			t.Fatalf("after One Login: h1 %q at %s", got, p.Location())
		}
		p.CheckPage()
		p.Click(`form[action="/your-account/sign-out"] .govuk-button`)
		if got := p.Text("h1"); got != "You have signed out" || !strings.HasPrefix(p.Location(), e.URL+"/your-account/signed-out?state=") {
			t.Fatalf("after signing out: h1 %q at %s", got, p.Location())
		}
		p.CheckPage()

		op.mu.Lock()
		op.deny = true
		op.mu.Unlock()
		p.Navigate(e.URL + "/your-account/sign-in")
		p.Click(`a[href="/your-account/sign-in/onelogin"]`)
		if got := p.Text("h1"); got != "You did not sign in" {
			t.Fatalf("after cancelling: h1 %q", got)
		}
		p.CheckPage()
	})
}
