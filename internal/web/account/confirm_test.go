package account_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestAddingAPasskeyNeedsAFreshCode: the passkeys page offers to add one
// only within 10 minutes of a second-factor proof; after that it asks for a
// code (/account/confirm), which rotates the session and is used up.
func TestAddingAPasskeyNeedsAFreshCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		clk := &testClock{t: time.Now().UTC()}
		s := newSite(t, st, func(o *auth.Options) { o.Now = clk.Now })
		if err := s.svc.EnablePasskeys(st, "https://services.example.gov.uk", "Guildhall"); err != nil {
			t.Fatal(err)
		}
		email, secret, _, _, err := s.svc.Bootstrap(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c := webtest.NewClient(t, s.ts.URL)
		c.Get("/sign-in")
		c.PostForm("/sign-in", url.Values{"email": {email}, "password": {secret}})
		c.Get("/sign-in/password")
		c.PostForm("/sign-in/password", url.Values{"password": {"Long-enough-password-7"}})
		_, body := c.Get("/sign-in/authenticator")
		key, sealed := keyRE.FindStringSubmatch(body), sealedRE.FindStringSubmatch(body)
		if key == nil || sealed == nil {
			t.Fatalf("no set-up key:\n%s", excerpt(body))
		}
		totp := strings.ReplaceAll(key[1], " ", "")
		code, _ := auth.TOTPCode(totp, auth.TOTPStep(clk.Now()))
		res, body := c.PostForm("/sign-in/authenticator", url.Values{"key": {html.UnescapeString(sealed[1])}, "code": {code}})
		must(t, res, body, http.StatusSeeOther, "/workspace")

		const register, confirm = `data-passkey="register"`, `action="/account/confirm"`
		_, body = c.Get("/account/passkeys")
		if !strings.Contains(body, register) || strings.Contains(body, confirm) {
			t.Fatalf("just after sign-in the page should offer to add a passkey:\n%s", excerpt(body))
		}
		clk.Add(11 * time.Minute)
		_, body = c.Get("/account/passkeys")
		if strings.Contains(body, register) || !strings.Contains(body, confirm) {
			t.Fatalf("11 minutes later the page should ask for a code first:\n%s", excerpt(body))
		}
		res, body = c.PostForm("/account/confirm", url.Values{"code": {"000000"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		if !strings.Contains(body, "Enter a correct security code") {
			t.Errorf("wrong code: no error message\n%s", excerpt(body))
		}
		code, _ = auth.TOTPCode(totp, auth.TOTPStep(clk.Now()))
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
