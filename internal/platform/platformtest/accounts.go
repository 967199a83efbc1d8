package platformtest

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// Password is the password FirstSignIn chooses for an account.
const Password = "Long-enough-password-7"

// setupKeyRE and sealedKeyRE read the authenticator set-up page: the key a
// person types into their app, and the sealed copy the form posts back.
var (
	setupKeyRE  = regexp.MustCompile(`id="setup-key">([A-Z2-7 ]+)<`)
	sealedKeyRE = regexp.MustCompile(`name="key" value="([^"]+)"`)
)

// Bootstrap makes the first administrator as serve does on an empty
// database, and returns their email address and one-time secret.
func (p *Platform) Bootstrap() (email, secret string) {
	p.T.Helper()
	email, secret, _, created, err := p.Auth.Bootstrap(context.Background())
	if err != nil || !created {
		p.T.Fatalf("platformtest: bootstrap administrator: created %v, %v", created, err)
	}
	return email, secret
}

// NewAccount makes an account as an administrator would on the people
// pages, and returns its id and one-time secret.
func (p *Platform) NewAccount(email, name string, kind access.Kind, grants ...access.Grant) (id, secret string) {
	p.T.Helper()
	u, secret, err := p.Auth.CreateUser(context.Background(), Admin, auth.NewUser{Email: email, Name: name, Kind: kind, Grants: grants})
	if err != nil {
		p.T.Fatalf("platformtest: account %s: %v", email, err)
	}
	return u.ID, secret
}

// TOTPCode is the code an authenticator app set up with key shows at the
// platform clock's time.
func (p *Platform) TOTPCode(key string) string {
	p.T.Helper()
	code, err := auth.TOTPCode(strings.ReplaceAll(key, " ", ""), auth.TOTPStep(p.Clock.Now()))
	if err != nil {
		p.T.Fatalf("platformtest: set-up key %q: %v", key, err)
	}
	return code
}

// FirstSignIn walks a new account's first sign-in through the pages, as
// its holder would: email and one-time secret, a new password (Password),
// then setting up an authenticator app with the key on the page, which it
// returns for later codes (TOTPCode). It fails the test unless each step
// leads to the next and the last to next.
func (p *Platform) FirstSignIn(c *webtest.Client, email, secret, next string) (authenticatorKey string) {
	p.T.Helper()
	q := "?next=" + url.QueryEscape(next)
	if next == "" || next == "/workspace" {
		q, next = "", "/workspace" // the default needs no parameter
	}
	step := func(res *http.Response, body, want string) {
		p.T.Helper()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			p.T.Fatalf("platformtest: first sign-in of %s: %s %s gave %d %q, want 303 %q\n%s", email, res.Request.Method,
				res.Request.URL.Path, res.StatusCode, res.Header.Get("Location"), want, body)
		}
	}
	c.Get("/sign-in" + q)
	res, body := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {secret}, "next": {next}})
	step(res, body, "/sign-in/password"+q)
	c.Get("/sign-in/password" + q)
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {Password}, "next": {next}})
	step(res, body, "/sign-in/authenticator"+q)
	_, body = c.Get("/sign-in/authenticator" + q)
	key, sealed := setupKeyRE.FindStringSubmatch(body), sealedKeyRE.FindStringSubmatch(body)
	if key == nil || sealed == nil {
		p.T.Fatalf("platformtest: no authenticator set-up key for %s:\n%s", email, body)
	}
	res, body = c.PostForm("/sign-in/authenticator", url.Values{"key": {html.UnescapeString(sealed[1])}, "code": {p.TOTPCode(key[1])}, "next": {next}})
	step(res, body, next)
	return key[1]
}
