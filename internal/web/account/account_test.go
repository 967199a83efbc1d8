package account_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/account"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// site is a real web server with the account pages over a real store, and a
// stand-in workspace page that shows who is signed in.
type site struct {
	ts  *httptest.Server
	svc *auth.Service
	st  *store.Store
}

func newSite(t *testing.T, st *store.Store, opts ...func(*auth.Options)) *site {
	t.Helper()
	o := auth.Options{SecretKey: make([]byte, 32), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, f := range opts {
		f(&o)
	}
	svc, err := auth.NewService(st, o)
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := account.Register(srv, account.Deps{Auth: svc}); err != nil {
		t.Fatal(err)
	}
	srv.Browser().Handle("GET /workspace", account.RequireStaff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := web.PrincipalFrom(r.Context())
		fmt.Fprintf(w, "<p>signed in as %s mfa=%v grants=%s</p>", p.Email, p.MFA, auth.FormatGrants(p.Grants))
	})))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{ts: ts, svc: svc, st: st}
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

// firstSignIn signs in with a one-time secret, sets a password and enrols
// TOTP through the pages, ending on next.
func firstSignIn(t *testing.T, c *webtest.Client, email, secret, next string) {
	t.Helper()
	q := "?next=" + url.QueryEscape(next)
	if next == account.PathHome {
		q = "" // the default needs no parameter
	}
	c.Get("/sign-in" + q)
	res, body := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {secret}, "next": {next}})
	must(t, res, body, http.StatusSeeOther, "/sign-in/password"+q)
	res, body = c.Get("/workspace")
	must(t, res, body, http.StatusSeeOther, "/sign-in") // pending is not signed in
	c.Get("/sign-in/password" + q)
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {"short"}, "next": {next}})
	must(t, res, body, http.StatusUnprocessableEntity, "")
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {"Long-enough-password-7"}, "next": {next}})
	must(t, res, body, http.StatusSeeOther, "/sign-in/authenticator"+q)
	res, body = c.Get(res.Header.Get("Location"))
	must(t, res, body, http.StatusOK, "")
	key, sealed := keyRE.FindStringSubmatch(body), sealedRE.FindStringSubmatch(body)
	if key == nil || sealed == nil {
		t.Fatalf("no setup key on the page:\n%s", excerpt(body))
	}
	code, _ := auth.TOTPCode(strings.ReplaceAll(key[1], " ", ""), auth.TOTPStep(time.Now()))
	res, body = c.PostForm("/sign-in/authenticator", url.Values{"key": {html.UnescapeString(sealed[1])}, "code": {code}, "next": {next}})
	must(t, res, body, http.StatusSeeOther, next)
}

func TestSignInPagesAndAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		email, secret, _, err := auth.Bootstrap(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		admin := webtest.NewClient(t, s.ts.URL)
		res, body := admin.Get("/workspace")
		must(t, res, body, http.StatusSeeOther, "/sign-in")
		admin.Get("/sign-in")
		res, body = admin.PostForm("/sign-in", url.Values{"email": {email}, "password": {"wrong"}})
		must(t, res, body, http.StatusUnauthorized, "")
		if !strings.Contains(body, "Enter a correct email address and password") {
			t.Errorf("no error message:\n%s", excerpt(body))
		}
		firstSignIn(t, admin, email, secret, "/admin/people")
		res, body = admin.Get("/workspace")
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
		officer := webtest.NewClient(t, s.ts.URL)
		firstSignIn(t, officer, "ola@example.gov.uk", m[1], "/workspace")
		res, body = officer.Get("/workspace")
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
		if p, err := s.svc.TokenPrincipal(ctx, tm[1]); err != nil || !p.Write || p.Services[0] != "pothole" {
			t.Errorf("issued token: %+v %v", p, err)
		}

		// Disabling the officer ends their session at once.
		users, _, _ := st.Users(ctx, auth.UserQuery{Email: "ola@example.gov.uk"})
		admin.Get("/admin/people/" + users[0].ID)
		res, body = admin.PostForm("/admin/people/"+users[0].ID+"/disable", url.Values{})
		must(t, res, body, http.StatusSeeOther, "/admin/people/"+users[0].ID+"?done=disabled")
		res, body = officer.Get("/workspace")
		must(t, res, body, http.StatusSeeOther, "/sign-in")

		// The administrator changes their own password, proving the current one.
		admin.Get("/account/password")
		res, body = admin.PostForm("/account/password", url.Values{"current": {"wrong"}, "new": {"Another-long-password-8"}})
		must(t, res, body, http.StatusUnprocessableEntity, "")
		res, body = admin.PostForm("/account/password", url.Values{"current": {"Long-enough-password-7"}, "new": {"Another-long-password-8"}})
		must(t, res, body, http.StatusSeeOther, "/account/password?done=1")
		if _, _, err := s.svc.SignIn(ctx, email, "Another-long-password-8", "192.0.2.50", ""); err != nil {
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
	st := storetest.OpenSQLite(t, store.Config{})
	s := newSite(t, st)
	email, secret, _, _ := auth.Bootstrap(context.Background(), st)
	c := webtest.NewClient(t, s.ts.URL)
	firstSignIn(t, c, email, secret, "/workspace")
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		c.Get("/sign-in")
		res, body := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {"Long-enough-password-7"}, "next": {next}})
		must(t, res, body, http.StatusSeeOther, "/sign-in/code")
	}
}
