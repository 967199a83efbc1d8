package frontdoor_test

import (
	"context"
	"crypto"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// newOneLoginEnv starts the platform registered with a local One Login
// whose council key signs with alg (ES256 or RS256).
func newOneLoginEnv(t testing.TB, alg string, opts ...platformtest.Option) (*env, *oneLoginOP) {
	t.Helper()
	op, keyFile := newOneLoginOP(t, alg)
	e := newEnv(t, append([]platformtest.Option{platformtest.Configure(func(c *platform.Config) {
		c.OneLoginDiscoveryURL, c.OneLoginClientID, c.OneLoginKeyFile = op.discoveryURL(), op.clientID, keyFile
	})}, opts...)...)
	base := e.Config.BaseURL
	op.mu.Lock()
	op.now, op.redirectURI, op.postLogoutURI = e.Clock.Now, base+"/your-account/sign-in/onelogin/callback", base+"/your-account/signed-out"
	op.mu.Unlock()
	return e, op
}

// local turns an absolute URL on the platform's base URL into a path the
// test client sends to the test server.
func local(e *env, u string) string { return strings.TrimPrefix(u, e.Config.BaseURL) }

// oneLoginAttempt starts a sign-in in c and returns One Login's answer
// (the redirect back to the callback), without following it.
func oneLoginAttempt(t *testing.T, e *env, c *webtest.Client) *http.Response {
	t.Helper()
	res, _ := c.Get("/your-account/sign-in/onelogin")
	if res.StatusCode != http.StatusFound {
		t.Fatalf("starting: %d", res.StatusCode)
	}
	back, body := c.Get(res.Header.Get("Location"))
	if back.StatusCode != http.StatusFound {
		t.Fatalf("One Login refused the authorize request: %d %s", back.StatusCode, body)
	}
	return back
}

// TestOneLoginSignIn: a resident signs in with One Login and sees the
// requests made with the address One Login verified, in any letter case;
// the requests to One Login are exactly the documented ones; signing out
// ends the One Login session too and comes back to the signed-out page.
func TestOneLoginSignIn(t *testing.T) {
	for _, alg := range []string{"ES256", "RS256"} {
		t.Run(alg, func(t *testing.T) {
			e, op := newOneLoginEnv(t, alg, platformtest.At(time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)))
			mine, other := submitBin(t, e, "BEA@example.org"), submitBin(t, e, "bea@example.org.uk")
			c := e.Client(access.Anonymous)
			if _, body := c.Get("/your-account/sign-in"); !strings.Contains(body, `<a href="/your-account/sign-in/onelogin" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Sign in with GOV.UK One Login</a>`) {
				t.Fatalf("the sign-in page offers no One Login button")
			}
			back := oneLoginAttempt(t, e, c)
			q := op.authorized[0]
			want := url.Values{"response_type": {"code"}, "scope": {"openid email phone"}, "client_id": {"guildhall-testshire"},
				"redirect_uri": {"http://127.0.0.1/your-account/sign-in/onelogin/callback"}, "vtr": {`["Cl.Cm"]`}, "ui_locales": {"en"},
				"state": q["state"], "nonce": q["nonce"]}
			if q.Encode() != want.Encode() || len(q.Get("state")) < 43 || len(q.Get("nonce")) < 43 || q.Get("state") == q.Get("nonce") {
				t.Errorf("authorize query %v", q)
			}
			res, _ := c.Get(local(e, back.Header.Get("Location")))
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/your-account" {
				t.Fatalf("callback: %d %s; refused %v", res.StatusCode, res.Header.Get("Location"), op.refused)
			}
			a := op.assertions[0]
			if a["iss"] != "guildhall-testshire" || a["sub"] != "guildhall-testshire" || a["aud"] != op.tokenURL() ||
				a["exp"].(float64)-a["iat"].(float64) != 300 || a["iat"].(float64) != float64(e.Clock.Now().Unix()) {
				t.Errorf("client assertion %v", a)
			}
			res, body := c.Get("/your-account")
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' "+op.srv.URL+";") {
				t.Errorf("Sign out cannot lead to One Login's sign-out under %q", csp)
			}
			if !strings.Contains(body, `<strong class="govuk-!-font-weight-bold">`+mine+`</strong>`) || strings.Contains(body, other) {
				t.Errorf("your requests after One Login: want %s and not %s", mine, other)
			}
			if !strings.Contains(body, `Requests made with <strong class="govuk-!-font-weight-bold govuk-!-text-break-word">bea@example.org</strong>`) {
				t.Errorf("the page does not name the verified address")
			}

			res, _ = c.PostForm("/your-account/sign-out", nil)
			logout, err := url.Parse(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || err != nil || logout.Host != strings.TrimPrefix(op.srv.URL, "http://") || logout.Path != "/logout" {
				t.Fatalf("sign out: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			res, _ = c.Get(logout.String())
			if res.StatusCode != http.StatusFound || len(op.loggedOut) != 1 {
				t.Fatalf("One Login refused the logout: %d", res.StatusCode)
			}
			if claims, _ := verifyJWS(op.loggedOut[0], &op.key.PublicKey); claims["sub"] != "urn:fdc:gov.uk:2022:bea" {
				t.Errorf("id_token_hint is not the sign-in's ID token: %v", claims)
			}
			webtest.Run(t, c, []webtest.Scenario{
				{Name: "signed out page", URL: local(e, res.Header.Get("Location")), Status: 200,
					Contains: []string{"<h1 class=\"govuk-heading-l\">You have signed out</h1>"}},
				{Name: "session ended", URL: "/your-account", Status: http.StatusSeeOther, Location: "/your-account/sign-in"},
			})
		})
	}
}

// TestOneLoginSameAccountAsLink: One Login and an emailed link to the same
// address (in another letter case) give the same account: deleting it in
// the browser signed in by link ends the One Login session too.
func TestOneLoginSameAccountAsLink(t *testing.T) {
	e, op := newOneLoginEnv(t, "ES256")
	op.person.Email = "Bea@Example.org"
	c := e.Client(access.Anonymous)
	back := oneLoginAttempt(t, e, c)
	if res, _ := c.Get(local(e, back.Header.Get("Location"))); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("One Login sign-in: %d", res.StatusCode)
	}
	link := e.Client(access.Anonymous)
	link.Get("/your-account/sign-in")
	link.PostForm("/your-account/sign-in", url.Values{"email": {"bea@example.org"}})
	_, links := signInEmails(t, e)
	link.Get(links[0])
	if res, _ := link.PostForm(links[0], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link sign-in: %d", res.StatusCode)
	}
	link.Get("/your-account/delete")
	link.PostForm("/your-account/delete", nil)
	if res, _ := c.Get("/your-account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the One Login session outlived the deleted account: %d", res.StatusCode)
	}
}

// TestOneLoginFailures: every way a One Login sign-in can fail lands on a
// page saying what happened, and nobody is signed in.
func TestOneLoginFailures(t *testing.T) {
	e, op := newOneLoginEnv(t, "ES256")
	heading := func(h string) string { return `<h1 class="govuk-heading-l">` + h + `</h1>` }
	cancelled, expired := heading("You did not sign in"), heading("Your sign-in has expired")
	unverified, failed := heading("Your email address is not confirmed"), heading("We could not sign you in")
	tamper := func(f func(map[string]any)) func() { return func() { op.idToken = f } }
	for _, tc := range []struct {
		name     string
		setup    func()
		callback func(t *testing.T, c *webtest.Client, back string) string
		status   int
		page     string
	}{
		{name: "cancelled", setup: func() { op.deny = true }, status: 200, page: cancelled},
		{name: "wrong state", callback: func(t *testing.T, c *webtest.Client, back string) string {
			return strings.Replace(back, "state=", "state=x", 1)
		}, status: 400, page: expired},
		{name: "no state cookie (another browser)", callback: func(t *testing.T, c *webtest.Client, back string) string {
			c.HTTP.Jar.SetCookies(mustURL(t, e.URL+"/your-account/sign-in/onelogin/"), []*http.Cookie{{Name: "guildhall_onelogin", Value: "", MaxAge: -1}})
			return back
		}, status: 400, page: expired},
		{name: "wrong nonce", setup: tamper(func(c map[string]any) { c["nonce"] = "someone-elses" }), status: 401, page: failed},
		{name: "expired id token", setup: tamper(func(c map[string]any) {
			c["iat"], c["exp"] = e.Clock.Now().Add(-10*time.Minute).Unix(), e.Clock.Now().Add(-5*time.Minute).Unix()
		}), status: 401, page: failed},
		{name: "another audience", setup: tamper(func(c map[string]any) { c["aud"] = "another-service" }), status: 401, page: failed},
		{name: "lower level of authentication", setup: tamper(func(c map[string]any) { c["vot"] = "Cl" }), status: 401, page: failed},
		{name: "unverified email", setup: func() { op.person.Verified = false }, status: 403, page: unverified},
		{name: "replayed authorization code", callback: func(t *testing.T, c *webtest.Client, back string) string {
			// The code was redeemed by the browser it was for; another
			// browser's own attempt then presents it again.
			first := e.Client(access.Anonymous)
			firstBack := oneLoginAttempt(t, e, first)
			if res, _ := first.Get(local(e, firstBack.Header.Get("Location"))); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("the first use of the code: %d", res.StatusCode)
			}
			code := mustURL(t, firstBack.Header.Get("Location")).Query().Get("code")
			u := mustURL(t, back)
			q := u.Query()
			q.Set("code", code)
			u.RawQuery = q.Encode()
			return u.String()
		}, status: 400, page: expired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op.mu.Lock()
			op.deny, op.idToken, op.person.Verified, op.refused = false, nil, true, nil
			op.mu.Unlock()
			if tc.setup != nil {
				tc.setup()
			}
			c := e.Client(access.Anonymous)
			back := oneLoginAttempt(t, e, c).Header.Get("Location")
			if tc.callback != nil {
				back = tc.callback(t, c, back)
			}
			res, body := c.Get(local(e, back))
			if res.StatusCode != tc.status || !strings.Contains(body, tc.page) ||
				!strings.Contains(body, `<a class="govuk-link" href="/your-account/sign-in">Get a sign-in link by email instead</a>`) {
				t.Errorf("%d, want %d with %s:\n%s", res.StatusCode, tc.status, tc.page, body)
			}
			if res, _ := c.Get("/your-account"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("signed in after a failure: %d", res.StatusCode)
			}
		})
	}
	if len(op.refused) != 1 || op.refused[0] != "code unknown or used" {
		t.Errorf("the replayed code was not refused by One Login: %v", op.refused)
	}
}

// TestOneLoginProviderChecksAssertions shows the local provider refuses
// client assertions One Login would (so that the tests above can fail):
// another key, another audience, expired or too long-lived, and a jti
// used twice.
func TestOneLoginProviderChecksAssertions(t *testing.T) {
	op, keyFile := newOneLoginOP(t, "ES256")
	council, err := auth.LoadOneLoginKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	op.now = func() time.Time { return time.Unix(1_800_000_000, 0) }
	now := op.now().Unix()
	claims := func(change func(map[string]any)) map[string]any {
		c := map[string]any{"iss": op.clientID, "sub": op.clientID, "aud": op.tokenURL(), "iat": now, "exp": now + 300, "jti": randomString()}
		if change != nil {
			change(c)
		}
		return c
	}
	check := func(key crypto.Signer, c map[string]any) error {
		jwt, err := auth.SignJWT(key, map[string]string{"typ": "JWT"}, c)
		if err != nil {
			t.Fatal(err)
		}
		return op.checkAssertion("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", jwt)
	}
	for _, tc := range []struct {
		name   string
		key    crypto.Signer
		claims map[string]any
		want   string
	}{
		{"another key", op.key, claims(nil), "assertion signature: bad ES256 signature"},
		{"another audience", council, claims(func(c map[string]any) { c["aud"] = op.issuer() }), "assertion aud is not the token endpoint"},
		{"another client", council, claims(func(c map[string]any) { c["iss"] = "someone-else" }), "assertion iss/sub is not the client"},
		{"expired", council, claims(func(c map[string]any) { c["exp"] = now - 1 }), "assertion expired or lives too long"},
		{"lives an hour", council, claims(func(c map[string]any) { c["exp"] = now + 3600 }), "assertion expired or lives too long"},
	} {
		if err := check(tc.key, tc.claims); err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	good := claims(nil)
	if err := check(council, good); err != nil {
		t.Fatalf("a good assertion: %v", err)
	}
	if err := check(council, good); err == nil || err.Error() != "assertion jti used before" {
		t.Errorf("a replayed assertion: %v", err)
	}
}

// mustURL parses a URL the test made or was given.
func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOneLoginStartUp: a wrong discovery URL or key stops start-up with a
// message naming the setting.
func TestOneLoginStartUp(t *testing.T) {
	op, keyFile := newOneLoginOP(t, "ES256")
	for _, tc := range []struct {
		name, discovery, key, want string
	}{
		{"discovery not found", op.srv.URL + "/nowhere", keyFile, "--onelogin-discovery-url (GUILDHALL_ONELOGIN_DISCOVERY_URL): discovery document " + op.srv.URL + "/nowhere: answered 404 Not Found"},
		{"not https", "http://oidc.example.org/.well-known/openid-configuration", keyFile, `--onelogin-discovery-url (GUILDHALL_ONELOGIN_DISCOVERY_URL): discovery document http://oidc.example.org/.well-known/openid-configuration: "http://oidc.example.org/.well-known/openid-configuration" is not an https URL`},
		{"no key file", op.discoveryURL(), keyFile + ".missing", "--onelogin-key-file (GUILDHALL_ONELOGIN_KEY_FILE): open " + keyFile + ".missing: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := platform.Defaults()
			cfg.DataDir, cfg.BaseURL, cfg.Store = t.TempDir(), "http://127.0.0.1", storetest.Open(t)
			cfg.OneLoginDiscoveryURL, cfg.OneLoginClientID, cfg.OneLoginKeyFile = tc.discovery, op.clientID, tc.key
			_, err := platform.New(context.Background(), cfg)
			if err == nil || err.Error() != tc.want {
				t.Errorf("start-up error %v,\nwant %s", err, tc.want)
			}
		})
	}
}
