package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// passkeyAddAndSignIn adds a passkey with Chromium's virtual authenticator
// (CDP WebAuthn domain) and then signs in with it instead of a code.
func passkeyAddAndSignIn(t *testing.T, b *browsertest.Browser) {
	s := newSite(t)
	// WebAuthn needs a domain, not an IP address: localhost is a secure
	// context. (The platform's base URL, http://127.0.0.1, turns passkeys
	// off, as serve does for such an address.)
	base := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
	if err := s.Auth.EnablePasskeys(s.Store, base, "Guildhall"); err != nil {
		t.Fatal(err)
	}
	email, secret := s.Bootstrap()
	p := b.NewPage(t)
	p.Do(func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return chromedp.Void{}, err
		}
		_, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
			Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
				HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
		return chromedp.Void{}, err
	})
	waitFor := func(path string) {
		t.Helper()
		for i := 0; i < 100 && !strings.Contains(p.Location(), path); i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(p.Location(), path) {
			t.Fatalf("at %s, want %s; errors %v", p.Location(), path, p.Errors())
		}
	}

	p.Navigate(base + "/sign-in?next=%2Faccount%2Fpasskeys")
	p.Type("#email", email)
	p.Type("#password", secret)
	p.Click("form button[type=submit]")
	p.Type("#password", platformtest.Password)
	p.Click("form button[type=submit]")
	p.Type("#code", s.TOTPCode(p.Text("#setup-key")))
	p.Click("form button[type=submit]")
	waitFor("/account/passkeys")
	if v := p.Accessibility(); len(v) != 0 {
		t.Errorf("passkeys page: %+v", v)
	}
	p.Type("#passkey_name", "Test laptop")
	p.Do(chromedp.Click(chromedp.CSS("[data-passkey=register] button"))) // no page load to wait for
	waitFor("done=added")
	if !strings.Contains(p.Text("main table"), "Test laptop") {
		t.Errorf("passkey not listed: %q", p.Text("main"))
	}

	// Sign in again: password, then the passkey instead of a code.
	p.Navigate(base + "/sign-in?next=%2Fworkspace")
	p.Type("#email", email)
	p.Type("#password", platformtest.Password)
	p.Click("form button[type=submit]")
	waitFor("/sign-in/code")
	if v := p.Accessibility(); len(v) != 0 {
		t.Errorf("code page with passkey: %+v", v)
	}
	p.Do(chromedp.Click(chromedp.CSS("[data-passkey=sign-in] button")))
	waitFor("/workspace")
	p.Navigate(base + pathWho)
	if html := p.HTML(); !strings.Contains(html, "mfa=true") {
		t.Errorf("after passkey sign-in: %s", html)
	}
	if errs := p.Errors(); len(errs) != 0 {
		t.Errorf("console errors: %v", errs)
	}
	es, _ := s.Store.AuditEntries(context.Background(), audit.Filter{Action: "auth.sign_in"})
	if len(es) == 0 || !strings.Contains(string(es[len(es)-1].Detail), `"passkey"`) {
		t.Errorf("last sign-in not recorded as by passkey: %+v", es)
	}
}
