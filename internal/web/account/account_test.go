package account_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// pathWho is a page beside the real ones that shows who a request is
// signed in as, with their second factor and grants, which no page of the
// workspace prints.
const pathWho = "/test/who"

// newSite is the platform as serve wires it, with the pathWho page.
func newSite(t *testing.T, opts ...platformtest.Option) *platformtest.Platform {
	t.Helper()
	p := platformtest.New(t, opts...)
	addWho(p)
	return p
}

func addWho(p *platformtest.Platform) {
	p.Web.Browser().Handle("GET "+pathWho, web.RequireStaff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := web.PrincipalFrom(r.Context())
		fmt.Fprintf(w, "<p>signed in as %s mfa=%v grants=%s</p>", who.Email, who.MFA, auth.FormatGrants(who.Grants))
	})))
}

// eachSite is newSite on SQLite and on PostgreSQL.
func eachSite(t *testing.T, fn func(t *testing.T, p *platformtest.Platform)) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		addWho(p)
		fn(t, p)
	})
}

var (
	keyRE    = regexp.MustCompile(`id="setup-key">([A-Z2-7 ]+)<`)
	sealedRE = regexp.MustCompile(`name="key" value="([^"]+)"`)
	secretRE = regexp.MustCompile(`<strong id="secret">([^<]+)</strong>`)
	tokenRE  = regexp.MustCompile(`id="token">(gh_[^<]+)<`)
)

func must(t *testing.T, res *http.Response, body string, status int, location string) {
	t.Helper()
	if res.StatusCode != status || (location != "" && res.Header.Get("Location") != location) {
		t.Fatalf("%s %s: got %d %q, want %d %q\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode,
			res.Header.Get("Location"), status, location, excerpt(body))
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

// TestFirstSignInSteps: until the authenticator is set up, a person with
// the right one-time secret is not signed in, and a short password is
// refused with the page again. (platformtest.FirstSignIn walks the steps
// that succeed, for every other test.)
func TestFirstSignInSteps(t *testing.T) {
	p := newSite(t)
	email, secret := p.Bootstrap()
	c := webtest.NewClient(t, p.URL)
	c.Get("/sign-in")
	res, body := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {secret}})
	must(t, res, body, http.StatusSeeOther, "/sign-in/password")
	res, body = c.Get("/workspace")
	must(t, res, body, http.StatusSeeOther, "/sign-in") // pending is not signed in
	c.Get("/sign-in/password")
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {"short"}})
	must(t, res, body, http.StatusUnprocessableEntity, "")
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {platformtest.Password}})
	must(t, res, body, http.StatusSeeOther, "/sign-in/authenticator")
	res, body = c.Get(pathWho)
	must(t, res, body, http.StatusSeeOther, "/sign-in?next=%2Ftest%2Fwho")
}

func TestSignInPagesAndAdministration(t *testing.T) {
	eachSite(t, func(t *testing.T, s *platformtest.Platform) {
		ctx := context.Background()
		email, secret := s.Bootstrap()
		admin := webtest.NewClient(t, s.URL)
		res, body := admin.Get("/workspace")
		must(t, res, body, http.StatusSeeOther, "/sign-in")
		admin.Get("/sign-in")
		res, body = admin.PostForm("/sign-in", url.Values{"email": {email}, "password": {"wrong"}})
		must(t, res, body, http.StatusUnauthorized, "")
		if !strings.Contains(body, "Enter a correct email address and password") {
			t.Errorf("no error message:\n%s", excerpt(body))
		}
		s.FirstSignIn(admin, email, secret, "/admin/people")
		res, body = admin.Get(pathWho)
		must(t, res, body, http.StatusOK, "")
		if !strings.Contains(body, "signed in as "+email+" mfa=true grants=administrator@*") {
			t.Errorf("workspace sees %q", body)
		}

		// The administrator adds an officer, who signs in with the one-time code.
		admin.Get("/admin/people/new")
		res, body = admin.PostForm("/admin/people/new", url.Values{"email": {"Ola@Example.gov.uk"}, "name": {"Ola Officer"},
			"kind": {"staff"}, "grants": {"officer@highways, auditor@*"}})
		must(t, res, body, http.StatusOK, "")
		m := secretRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no one-time code shown:\n%s", excerpt(body))
		}
		res, body = admin.PostForm("/admin/people/new", url.Values{"email": {"ola@example.gov.uk"}, "name": {"Dup"}, "kind": {"staff"}})
		must(t, res, body, http.StatusConflict, "")
		officer := webtest.NewClient(t, s.URL)
		s.FirstSignIn(officer, "ola@example.gov.uk", m[1], "/workspace")
		res, body = officer.Get(pathWho)
		if !strings.Contains(body, "grants=auditor@*, officer@highways") {
			t.Errorf("officer's workspace: %s", body)
		}
		res, body = officer.Get("/admin/people")
		must(t, res, body, http.StatusForbidden, "")

		// An API token is shown once and works.
		admin.Get("/admin/tokens")
		res, body = admin.PostForm("/admin/tokens", url.Values{"name": {"Contractor"}, "services": {"pothole"}, "access": {"write"}, "grants": {"officer@highways"}})
		must(t, res, body, http.StatusOK, "")
		tm := tokenRE.FindStringSubmatch(body)
		if tm == nil {
			t.Fatalf("no token shown:\n%s", excerpt(body))
		}
		if p, err := s.Auth.TokenPrincipal(ctx, tm[1]); err != nil || !p.Write || p.Services[0] != "pothole" {
			t.Errorf("issued token: %+v %v", p, err)
		}

		// Disabling the officer ends their session at once.
		users, _, _ := s.Store.Users(ctx, auth.UserQuery{Email: "ola@example.gov.uk"})
		admin.Get("/admin/people/" + users[0].ID)
		res, body = admin.PostForm("/admin/people/"+users[0].ID+"/disable", url.Values{})
		must(t, res, body, http.StatusSeeOther, "/admin/people/"+users[0].ID+"?done=disabled")
		res, body = officer.Get("/workspace")
		must(t, res, body, http.StatusSeeOther, "/sign-in")

		// The administrator changes their own password, proving the current one.
		admin.Get("/account/password")
		res, body = admin.PostForm("/account/password", url.Values{"current": {"wrong"}, "new": {"Another-long-password-8"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		res, body = admin.PostForm("/account/password", url.Values{"current": {platformtest.Password}, "new": {"Another-long-password-8"}})
		must(t, res, body, http.StatusSeeOther, "/account/password?done=1")
		if _, _, err := s.Auth.SignIn(ctx, email, "Another-long-password-8", "192.0.2.50", ""); err != nil {
			t.Errorf("new password refused: %v", err)
		}

		// Sign-out (confirmed on a page anyone can link to) ends the administrator's session.
		res, body = admin.Get("/sign-out")
		must(t, res, body, http.StatusOK, "")
		res, body = admin.PostForm("/sign-out", url.Values{})
		must(t, res, body, http.StatusSeeOther, "/sign-in?signed-out=1")
		res, body = admin.Get("/admin/people")
		must(t, res, body, http.StatusSeeOther, "/sign-in?next=%2Fadmin%2Fpeople")
	})
}

func TestSignInNeverRedirectsOffSite(t *testing.T) {
	s := newSite(t)
	email, secret := s.Bootstrap()
	c := webtest.NewClient(t, s.URL)
	s.FirstSignIn(c, email, secret, "/workspace")
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		c.Get("/sign-in")
		res, body := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {platformtest.Password}, "next": {next}})
		must(t, res, body, http.StatusSeeOther, "/sign-in/code")
	}
}

// TestCouncillorWardAndParty: an administrator records a councillor's ward
// and party on the people page; they reach the councillor's principal (and
// so the sharing rule); a member of staff has none to set.
func TestCouncillorWardAndParty(t *testing.T) {
	eachSite(t, func(t *testing.T, s *platformtest.Platform) {
		ctx := context.Background()
		email, secret := s.Bootstrap()
		admin := webtest.NewClient(t, s.URL)
		s.FirstSignIn(admin, email, secret, "/admin/people")
		admin.Get("/admin/people/new")
		res, body := admin.PostForm("/admin/people/new", url.Values{"email": {"cllr.jones@example.gov.uk"}, "name": {"Cllr Jones"}, "kind": {"councillor"}})
		must(t, res, body, http.StatusOK, "")
		admin.PostForm("/admin/people/new", url.Values{"email": {"ola@example.gov.uk"}, "name": {"Ola Officer"}, "kind": {"staff"}})
		cllr, err := s.Store.UserByEmail(ctx, "cllr.jones@example.gov.uk")
		if err != nil {
			t.Fatal(err)
		}
		staff, _ := s.Store.UserByEmail(ctx, "ola@example.gov.uk")

		res, body = admin.Get("/admin/people/" + cllr.ID)
		must(t, res, body, http.StatusOK, "")
		if !strings.Contains(body, "Ward and party") {
			t.Errorf("a councillor's page has no ward and party form")
		}
		res, body = admin.PostForm("/admin/people/"+cllr.ID+"/seat", url.Values{"ward": {"  Abbey "}, "party": {"Labour  Co-operative"}})
		must(t, res, body, http.StatusSeeOther, "/admin/people/"+cllr.ID+"?done=ward+and+party")
		u, _ := s.Store.UserByID(ctx, cllr.ID)
		if p := s.Auth.PrincipalOf(u, true); p.Ward != "Abbey" || p.Party != "Labour Co-operative" {
			t.Errorf("principal ward %q party %q", p.Ward, p.Party)
		}

		res, body = admin.Get("/admin/people/" + staff.ID)
		if strings.Contains(body, "Ward and party") {
			t.Errorf("a member of staff's page offers a ward")
		}
		res, body = admin.PostForm("/admin/people/"+staff.ID+"/seat", url.Values{"ward": {"Abbey"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		if !strings.Contains(body, "Only councillors have a ward and party") {
			t.Errorf("no reason given for refusing a ward to staff")
		}
	})
}

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
