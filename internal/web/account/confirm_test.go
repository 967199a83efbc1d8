package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestAddingAPasskeyNeedsAFreshCode: the passkeys page offers to add one
// only within 10 minutes of a second-factor proof; after that it asks for a
// code (/account/confirm), which rotates the session and is used up.
func TestAddingAPasskeyNeedsAFreshCode(t *testing.T) {
	eachSite(t, func(t *testing.T, s *platformtest.Platform) {
		// Passkeys need a secure origin, which the test server is not; the
		// rule tested here is the same whatever the origin.
		if err := s.Auth.EnablePasskeys(s.Store, "https://services.example.gov.uk", "Guildhall"); err != nil {
			t.Fatal(err)
		}
		email, secret := s.Bootstrap()
		c := webtest.NewClient(t, s.URL)
		key := s.FirstSignIn(c, email, secret, "/workspace")

		const register, confirm = `data-passkey="register"`, `action="/account/confirm"`
		_, body := c.Get("/account/passkeys")
		if !strings.Contains(body, register) || strings.Contains(body, confirm) {
			t.Fatalf("just after sign-in the page should offer to add a passkey:\n%s", excerpt(body))
		}
		s.Clock.Add(11 * time.Minute)
		_, body = c.Get("/account/passkeys")
		if strings.Contains(body, register) || !strings.Contains(body, confirm) {
			t.Fatalf("11 minutes later the page should ask for a code first:\n%s", excerpt(body))
		}
		res, body := c.PostForm("/account/confirm", url.Values{"code": {"000000"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		if !strings.Contains(body, "Enter a correct security code") {
			t.Errorf("wrong code: no error message\n%s", excerpt(body))
		}
		code := s.TOTPCode(key)
		res, body = c.PostForm("/account/confirm", url.Values{"code": {code}})
		must(t, res, body, http.StatusSeeOther, "/account/passkeys")
		_, body = c.Get("/account/passkeys")
		if !strings.Contains(body, register) {
			t.Errorf("after a fresh code the page should offer to add a passkey:\n%s", excerpt(body))
		}
		res, body = c.PostForm("/account/confirm", url.Values{"code": {code}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
	})
}
