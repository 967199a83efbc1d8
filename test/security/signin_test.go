package security

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

var (
	keyRE    = regexp.MustCompile(`id="setup-key">([A-Z2-7 ]+)<`)
	sealedRE = regexp.MustCompile(`name="key" value="([^"]+)"`)
)

// site is a real serve on a fresh data folder with its first
// administrator, whose one-time secret serve printed.
type site struct {
	srv                *server.Server
	dir, email, secret string
	totp               string // the authenticator key, once signInAdmin has enrolled it
}

// startSite starts serve on SQLite.
func startSite(t *testing.T, args ...string) *site { return startSiteOn(t, "", args...) }

// startSiteOn starts serve on SQLite, or on the PostgreSQL database at url.
func startSiteOn(t *testing.T, url string, args ...string) *site {
	t.Helper()
	dir := t.TempDir()
	srv := server.New(t, server.StoreFlags(dir, url), args...)
	srv.Start(t)
	email, secret := srv.FirstAdministrator(t)
	return &site{srv: srv, dir: dir, email: email, secret: secret}
}

func sessionCookie(c *webtest.Client) string {
	u, _ := url.Parse(c.Base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "guildhall_session" {
			return ck.Value
		}
	}
	return ""
}

// offSite reports whether a redirect Location leaves the site.
func offSite(loc string) bool {
	u, err := url.Parse(loc)
	return err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(loc, "//") || strings.Contains(loc, `\`)
}

// TestSessionFixationAndOpenRedirect signs the bootstrap administrator in
// through the real pages with a session id an attacker planted and a hostile
// next= each time. The session id must change at each step that raises
// privilege, and no redirect may leave the site.
func TestSessionFixationAndOpenRedirect(t *testing.T) {
	s := startSite(t)
	c := webtest.NewClient(t, s.srv.URL)
	u, _ := url.Parse(s.srv.URL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "guildhall_session", Value: "attacker-chosen-session-id", Path: "/"}})

	next := "//evil.example/"
	c.Get("/sign-in?next=" + url.QueryEscape(next))
	res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {s.secret}, "next": {next}})
	expectLocal(t, res, body)
	pending := sessionCookie(c)
	if pending == "" || pending == "attacker-chosen-session-id" {
		t.Fatalf("after the one-time secret the session id is %q: the planted id was kept", pending)
	}
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {"Long-enough-password-7"}, "next": {next}})
	expectLocal(t, res, body)
	res, body = c.Get(res.Header.Get("Location"))
	key, sealed := keyRE.FindStringSubmatch(body), sealedRE.FindStringSubmatch(body)
	if key == nil || sealed == nil {
		t.Fatalf("no authenticator set-up key on the page (%d)", res.StatusCode)
	}
	totp := strings.ReplaceAll(key[1], " ", "")
	code, _ := auth.TOTPCode(totp, auth.TOTPStep(time.Now()))
	res, body = c.PostForm("/sign-in/authenticator", url.Values{"key": {html.UnescapeString(sealed[1])}, "code": {code}, "next": {next}})
	expectLocal(t, res, body)
	if full := sessionCookie(c); full == pending || full == "" {
		t.Errorf("session id did not change when sign-in completed (%q)", full)
	}
	if res, _ := c.Get("/workspace"); res.StatusCode != http.StatusOK {
		t.Fatalf("not signed in after enrolment: %d", res.StatusCode)
	}

	// Later sign-ins with the password and a code, each with another hostile next.
	for i, next := range []string{"https://evil.example/", `/\evil.example`} {
		c := webtest.NewClient(t, s.srv.URL)
		c.Get("/sign-in")
		res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {"Long-enough-password-7"}, "next": {next}})
		expectLocal(t, res, body)
		before := sessionCookie(c)
		code, _ := auth.TOTPCode(totp, auth.TOTPStep(time.Now())+int64(i+1))
		c.Get("/sign-in/code")
		res, body = c.PostForm("/sign-in/code", url.Values{"code": {code}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther {
			t.Logf("code for the step after next refused (%d): redirect checked up to the code step only", res.StatusCode)
			continue
		}
		expectLocal(t, res, body)
		if after := sessionCookie(c); after == before {
			t.Errorf("session id unchanged by the second factor")
		}
	}
}

func expectLocal(t *testing.T, res *http.Response, body string) {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("%s %s: %d, want a redirect\n%.800s", res.Request.Method, res.Request.URL.Path, res.StatusCode, body)
	}
	if offSite(loc) {
		t.Errorf("%s %s redirects off the site: %q", res.Request.Method, res.Request.URL.Path, loc)
	}
}

// TestCrossOriginPostRefused: a form posted from another site (as a
// browser sends it, with Origin and Sec-Fetch-Site) is refused before any
// handler runs, on the front door and on sign-in.
func TestCrossOriginPostRefused(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/sign-in", "/services/report-a-pothole/questions/location", "/sign-out"} {
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader("email=a%40b.c&password=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST %s: %d, want 403", path, resp.StatusCode)
		}
	}
}

// TestStrictTransportSecurity: a site configured with an https base URL
// tells browsers to use https only; a plain-http development site does not
// (a browser would then refuse it on localhost for a year).
func TestStrictTransportSecurity(t *testing.T) {
	for _, tc := range []struct {
		base string
		want bool
	}{{"https://services.example.gov.uk", true}, {"", false}} {
		args := []string{}
		if tc.base != "" {
			args = append(args, "--base-url", tc.base)
		}
		srv := server.New(t, server.StoreFlags(t.TempDir(), ""), args...)
		srv.Start(t)
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security") != ""; got != tc.want {
			t.Errorf("base URL %q: Strict-Transport-Security %q, want set=%v", tc.base, resp.Header.Get("Strict-Transport-Security"), tc.want)
		}
		srv.Kill()
	}
}
