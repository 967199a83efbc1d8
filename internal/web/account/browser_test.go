package account_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestPagesInChromium runs the real-browser tests. This package's TestMain
// belongs to storetest, so the shared browser is closed here, once.
func TestPagesInChromium(t *testing.T) {
	b := browsertest.Shared(t)
	t.Cleanup(b.Close)
	t.Run("administration without JavaScript", func(t *testing.T) { pagesWithoutJavaScript(t, b) })
	t.Run("passkey", func(t *testing.T) { passkeyAddAndSignIn(t, b) })
}

// pagesWithoutJavaScript signs in for the first time and uses the
// administrator pages with JavaScript off on a 320-pixel screen, checking
// every page with axe-core (WCAG 2.2 AA) and for console errors.
func pagesWithoutJavaScript(t *testing.T, b *browsertest.Browser) {
	s := newSite(t)
	email, secret := s.Bootstrap()
	p := b.NewPage(t, browsertest.NoJavaScript(), browsertest.Width(320))
	check := func(want string) {
		t.Helper()
		if !strings.Contains(p.Location(), want) {
			t.Fatalf("at %s, want %s", p.Location(), want)
		}
		p.CheckPage()
		if errs := p.Errors(); len(errs) != 0 {
			t.Errorf("%s: console errors %v", want, errs)
		}
	}
	submit := func(form string) { t.Helper(); p.Click(form + " button[type=submit]") }

	p.Navigate(s.URL + "/admin/people")
	check("/sign-in?next=%2Fadmin%2Fpeople")
	p.Type("#email", email)
	p.Type("#password", "wrong password")
	submit("form")
	check("/sign-in")
	if !strings.Contains(p.Title(), "Error:") || !p.Has(".govuk-error-summary") {
		t.Errorf("no error summary after a wrong password: %q", p.Title())
	}
	p.Type("#password", secret) // the email is kept; the password box is empty
	submit("form")
	check("/sign-in/password")
	p.Type("#password", platformtest.Password)
	submit("form")
	check("/sign-in/authenticator")
	p.Type("#code", s.TOTPCode(p.Text("#setup-key")))
	submit("form")
	check("/admin/people")

	p.Click(`a[href="/admin/people/new"]`)
	check("/admin/people/new")
	p.Type("#email", "nia@example.gov.uk")
	p.Type("#name", "Nia Officer")
	p.Type("#grants", "officer@highways")
	submit("main form")
	check("/admin/people/new")
	if !p.Has("#secret") {
		t.Fatal("no one-time secret shown")
	}
	p.Click(".govuk-main-wrapper a.govuk-link")
	check("/admin/people/")
	p.Navigate(s.URL + "/admin/teams")
	check("/admin/teams")
	p.Type("#id", "highways")
	p.Type("#team-name", "Highways")
	submit("main form")
	check("/admin/teams")
	p.Navigate(s.URL + "/admin/tokens")
	check("/admin/tokens")
	p.Type("#name", "Contractor app")
	p.Type("#grants", "officer@highways")
	submit("main form")
	check("/admin/tokens")
	if !strings.HasPrefix(p.Text("#token"), "gh_") {
		t.Errorf("token page shows %q", p.Text("#token"))
	}
	p.Navigate(s.URL + "/account/password")
	check("/account/password")
	submit("main form")
	check("/account/password")
	if !p.Has(".govuk-error-summary") {
		t.Error("no error summary for an empty password change")
	}
	p.Navigate(s.URL + "/sign-out")
	check("/sign-out")
	submit("main form")
	check("/sign-in?signed-out=1")
}
