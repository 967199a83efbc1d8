package security

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// signInAdmin completes the bootstrap administrator's first sign-in through
// the real pages (one-time secret, new password, authenticator) and returns
// the signed-in browser.
func signInAdmin(t *testing.T, s *site) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, s.srv.URL)
	c.Get("/sign-in")
	res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {s.secret}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with the one-time secret: %d %.500s", res.StatusCode, body)
	}
	c.Follow(res)
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {"Long-enough-password-7"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password: %d %.500s", res.StatusCode, body)
	}
	_, body = c.Follow(res)
	key, sealed := keyRE.FindStringSubmatch(body), sealedRE.FindStringSubmatch(body)
	if key == nil || sealed == nil {
		t.Fatalf("no authenticator set-up key on the page:\n%.800s", body)
	}
	s.totp = strings.ReplaceAll(key[1], " ", "")
	code, _ := auth.TOTPCode(s.totp, auth.TOTPStep(time.Now()))
	res, body = c.PostForm("/sign-in/authenticator", url.Values{"key": {html.UnescapeString(sealed[1])}, "code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("authenticator: %d %.500s", res.StatusCode, body)
	}
	if res, _ := c.Get("/workspace"); res.StatusCode != http.StatusOK {
		t.Fatalf("not signed in: %d", res.StatusCode)
	}
	return c
}

// signInAdminAgain signs the administrator in on browser c (keeping its
// cookies) with the password and authenticator set by signInAdmin.
func signInAdminAgain(t *testing.T, s *site, c *webtest.Client) *webtest.Client {
	t.Helper()
	c.Get("/sign-in")
	res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {"Long-enough-password-7"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d %.500s", res.StatusCode, body)
	}
	c.Get("/sign-in/code")
	code, _ := auth.TOTPCode(s.totp, auth.TOTPStep(time.Now())+1)
	res, body = c.PostForm("/sign-in/code", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("code: %d %.500s", res.StatusCode, body)
	}
	return c
}
