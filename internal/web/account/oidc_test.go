package account_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// The example provider logs every request through slog's default logger.
func init() { slog.SetDefault(slog.New(slog.DiscardHandler)) }

// councilIdP is zitadel's example OpenID Provider, with the claims a council's
// Entra ID or Keycloak would add: groups, and amr containing mfa when the
// person used a second factor.
type councilIdP struct {
	*storage.Storage
	groups []string
	mfa    bool
}

func (s *councilIdP) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, r op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, r, scopes); err != nil {
		return err
	}
	ui.AppendClaims("groups", s.groups)
	return nil
}

func (s *councilIdP) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	ui.AppendClaims("groups", s.groups)
	return nil
}

func (s *councilIdP) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil || !s.mfa {
		return r, err
	}
	return mfaRequest{r}, nil
}

func (s *councilIdP) CreateAccessToken(ctx context.Context, r op.TokenRequest) (string, time.Time, error) {
	if m, ok := r.(mfaRequest); ok {
		r = m.AuthRequest
	}
	return s.Storage.CreateAccessToken(ctx, r)
}

type mfaRequest struct{ op.AuthRequest }

func (mfaRequest) GetAMR() []string { return []string{"pwd", "mfa"} }

// startIdP runs the provider on a real HTTP server and registers a web
// client for the site's callback.
func startIdP(t *testing.T, groups []string, mfa bool, clientID, redirect string) string {
	t.Helper()
	var h http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	storage.RegisterClients(storage.WebClient(clientID, "client-secret", redirect))
	idp := &councilIdP{Storage: storage.NewStorage(storage.NewUserStore(ts.URL)), groups: groups, mfa: mfa}
	h = exampleop.SetupServer(ts.URL, idp, nil, false)
	return ts.URL
}

var idpFormID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// ssoSignIn follows the whole redirect flow as a browser would: Guildhall's
// start page, the provider's login form, its redirects and Guildhall's callback.
func ssoSignIn(t *testing.T, site, next string) (*http.Client, *http.Response, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(site + "/sign-in/oidc?next=" + url.QueryEscape(next))
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res)
	m := idpFormID.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no provider login form at %s: %d %s", res.Request.URL, res.StatusCode, body)
	}
	login := res.Request.URL.ResolveReference(&url.URL{Path: "/login/username"})
	host := strings.Split(strings.TrimPrefix(login.Scheme+"://"+login.Host, "http://"), ":")[0]
	res, err = c.PostForm(login.String(), url.Values{"id": {m[1]}, "username": {"test-user@" + host}, "password": {"verysecure"}})
	if err != nil {
		t.Fatal(err)
	}
	return c, res, readAll(t, res)
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSingleSignOnWithARealProvider(t *testing.T) {
	eachSite(t, func(t *testing.T, s *platformtest.Platform) {
		redirect := s.URL + "/sign-in/oidc/callback"
		clientID := "guildhall-" + s.Store.Dialect()
		issuer := startIdP(t, []string{"grp-highways", "grp-waste", "grp-unmapped"}, true, clientID, redirect)
		err := s.Auth.EnableOIDC(auth.OIDCConfig{Issuer: issuer, ClientID: clientID, ClientSecret: "client-secret", RedirectURL: redirect,
			GroupMap: map[string][]access.Grant{"grp-highways": {{Role: "officer", Team: "highways"}, {Role: "team_leader", Team: "highways"}}},
			TeamMap:  map[string]string{"grp-waste": "waste"}, RequireMFAClaim: true})
		if err != nil {
			t.Fatal(err)
		}
		_, res, body := ssoSignIn(t, s.URL, pathWho)
		if res.StatusCode != 200 || res.Request.URL.Path != pathWho {
			t.Fatalf("ended at %s with %d: %s", res.Request.URL, res.StatusCode, body)
		}
		want := "signed in as test-user@zitadel.ch mfa=true grants=officer@highways, team_leader@highways, member@waste"
		if !strings.Contains(body, want) {
			t.Errorf("workspace shows %q, want %q", body, want)
		}
		// The account was created just in time, with the groups recorded.
		u, err := s.Store.UserByEmail(context.Background(), "TEST-USER@zitadel.ch")
		if err != nil || u.Name != "Test User" || len(u.SSOGroups) != 3 || u.PasswordHash != "" {
			t.Errorf("JIT account: %+v, %v", u, err)
		}
	})
}

func TestSingleSignOnRefusesWithoutMFAClaim(t *testing.T) {
	s := newSite(t)
	redirect := s.URL + "/sign-in/oidc/callback"
	issuer := startIdP(t, []string{"grp-highways"}, false, "guildhall-nomfa", redirect)
	if err := s.Auth.EnableOIDC(auth.OIDCConfig{Issuer: issuer, ClientID: "guildhall-nomfa", ClientSecret: "client-secret",
		RedirectURL: redirect, RequireMFAClaim: true}); err != nil {
		t.Fatal(err)
	}
	_, res, body := ssoSignIn(t, s.URL, "/workspace")
	if res.StatusCode != http.StatusForbidden || res.Request.URL.Path != "/sign-in/oidc/callback" {
		t.Errorf("password-only SSO with RequireMFAClaim: %d at %s", res.StatusCode, res.Request.URL)
	}
	if n, _ := s.Store.CountUsers(context.Background()); n != 0 {
		t.Errorf("a refused sign-in created %d accounts", n)
	}
	_ = body
}

func TestSingleSignOnWithoutMFAGivesNoMFA(t *testing.T) {
	s := newSite(t)
	redirect := s.URL + "/sign-in/oidc/callback"
	issuer := startIdP(t, nil, false, "guildhall-optional", redirect)
	if err := s.Auth.EnableOIDC(auth.OIDCConfig{Issuer: issuer, ClientID: "guildhall-optional", ClientSecret: "client-secret", RedirectURL: redirect}); err != nil {
		t.Fatal(err)
	}
	_, res, body := ssoSignIn(t, s.URL, pathWho)
	if res.StatusCode != 200 || !strings.Contains(body, "mfa=false") {
		t.Errorf("password-only SSO: %d %q", res.StatusCode, body)
	}
}

func TestCallbackRefusesForgedState(t *testing.T) {
	s := newSite(t)
	redirect := s.URL + "/sign-in/oidc/callback"
	issuer := startIdP(t, nil, true, "guildhall-state", redirect)
	if err := s.Auth.EnableOIDC(auth.OIDCConfig{Issuer: issuer, ClientID: "guildhall-state", ClientSecret: "client-secret", RedirectURL: redirect}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(s.URL + "/sign-in/oidc")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		t.Errorf("authorization request lacks PKCE, nonce or state: %s", loc)
	}
	res, err = c.Get(s.URL + "/sign-in/oidc/callback?code=x&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("forged state: %d", res.StatusCode)
	}
}
