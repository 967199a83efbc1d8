package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// OIDCConfig is staff single sign-on through an OpenID Provider (Microsoft
// Entra ID, Keycloak): authorization code flow with PKCE (S256), state and nonce.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL, e.g.
	// https://login.microsoftonline.com/{tenant}/v2.0 or https://kc.example/realms/council.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is this site's callback: {base}/sign-in/oidc/callback.
	RedirectURL string
	// GroupMap gives grants to members of a group (a `groups` or `roles` claim value).
	GroupMap map[string][]access.Grant
	// TeamMap makes members of a group members of a team.
	TeamMap map[string]string
	// RequireMFAClaim refuses sign-in unless the provider asserts a second
	// factor (amr containing mfa/otp/hwk/swk/fido, or acr in MFAValues).
	RequireMFAClaim bool
	// MFAValues are acr values that mean a second factor ("mfa" and "2" when empty).
	MFAValues []string
	// Scopes beyond openid, profile and email (Keycloak may need "groups").
	Scopes []string
	// HTTPClient talks to the provider (http.DefaultClient when nil).
	HTTPClient *http.Client
}

// oidcClient is the configured relying party. Discovery happens on first
// use, so that serve starts even while the provider is unreachable.
type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// EnableOIDC turns on single sign-on. Call it once at start, before serving:
// the group and team maps are merged into the service's.
func (s *Service) EnableOIDC(cfg OIDCConfig) error {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return fmt.Errorf("auth: OIDC needs an issuer, client id and redirect URL")
	}
	if s.opt.GroupMap == nil {
		s.opt.GroupMap = map[string][]access.Grant{}
	}
	for g, gs := range cfg.GroupMap {
		s.opt.GroupMap[g] = append(s.opt.GroupMap[g], gs...)
	}
	if s.opt.TeamMap == nil {
		s.opt.TeamMap = map[string]string{}
	}
	for g, t := range cfg.TeamMap {
		s.opt.TeamMap[g] = t
	}
	if len(cfg.MFAValues) == 0 {
		cfg.MFAValues = []string{"mfa", "2"}
	}
	s.oidc = &oidcClient{cfg: cfg}
	return nil
}

// OIDCEnabled reports whether single sign-on is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

func (c *oidcClient) ctx(ctx context.Context) context.Context {
	if c.cfg.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, c.cfg.HTTPClient)
		ctx = context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient)
	}
	return ctx
}

// discover fetches the provider's metadata once.
func (c *oidcClient) discover(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(c.ctx(ctx), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, c.cfg.Issuer)
	if err != nil {
		return fault.Wrap(fault.Unavailable, err, "single sign-on provider unreachable")
	}
	c.provider = p
	c.verifier = p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID})
	c.oauth = oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: c.cfg.RedirectURL, Scopes: append([]string{oidc.ScopeOpenID, "profile", "email"}, c.cfg.Scopes...)}
	return nil
}

// OIDCRequest is one sign-in attempt's secrets, kept by the browser (in a
// short-lived HttpOnly cookie) between the redirect and the callback.
type OIDCRequest struct {
	State, Nonce, Verifier string
}

// OIDCStart begins single sign-on: it returns the provider URL to redirect
// to and the request secrets to keep for the callback.
func (s *Service) OIDCStart(ctx context.Context) (string, OIDCRequest, error) {
	if s.oidc == nil {
		return "", OIDCRequest{}, fault.New(fault.NotFound, "single sign-on is not configured")
	}
	if err := s.oidc.discover(ctx); err != nil {
		return "", OIDCRequest{}, err
	}
	req := OIDCRequest{State: newToken(), Nonce: newToken(), Verifier: oauth2.GenerateVerifier()}
	u := s.oidc.oauth.AuthCodeURL(req.State, oidc.Nonce(req.Nonce), oauth2.S256ChallengeOption(req.Verifier))
	return u, req, nil
}

// ErrSSORefused is a provider sign-in Guildhall will not accept (no email,
// a disabled account, or no second factor when one is required).
var ErrSSORefused = fault.New(fault.Forbidden, "Your council account cannot sign in to Guildhall. Contact your administrator")

// OIDCCallback finishes single sign-on: it checks state, exchanges the code
// (with the PKCE verifier), verifies the ID token and its nonce, reads the
// claims (ID token and userinfo), creates or updates the account just in
// time and starts a complete session, rotating away old. It returns the new
// session token.
func (s *Service) OIDCCallback(ctx context.Context, req OIDCRequest, state, code, ip, old string) (string, error) {
	if s.oidc == nil {
		return "", fault.New(fault.NotFound, "single sign-on is not configured")
	}
	if req.State == "" || state != req.State {
		return "", fault.New(fault.Invalid, "the sign-in request has expired or was changed; start again")
	}
	if err := s.oidc.discover(ctx); err != nil {
		return "", err
	}
	cl, err := s.oidc.claims(ctx, req, code)
	if err != nil {
		s.audit(ctx, s.entry("oidc", "auth.sign_in_failed", "oidc", map[string]any{"ip": ip, "reason": err.Error()}))
		return "", fault.Wrap(fault.Unauthenticated, err, "single sign-on failed")
	}
	mfa := cl.mfa(s.oidc.cfg.MFAValues)
	if cl.email == "" || (s.oidc.cfg.RequireMFAClaim && !mfa) {
		s.audit(ctx, s.entry(cl.email, "auth.sign_in_failed", cl.email, map[string]any{"ip": ip, "method": "oidc", "mfa": mfa}))
		return "", ErrSSORefused
	}
	u, err := s.justInTime(ctx, cl)
	if err != nil {
		return "", err
	}
	now := s.now()
	token := newToken()
	sess := Session{Hash: HashToken(token), UserID: u.ID, Complete: true, MFA: mfa, Method: "oidc", CreatedAt: now, LastSeen: now}
	if mfa {
		sess.VerifiedAt = now // the provider asserted a second factor just now
	}
	e := s.entry(u.ID, "auth.sign_in", u.ID, map[string]any{"ip": ip, "method": "oidc", "mfa": mfa, "groups": strings.Join(cl.groups, ",")})
	if err := s.store.ReplaceSession(ctx, hashOrEmpty(old), sess, e); err != nil {
		return "", err
	}
	return token, nil
}

// ssoClaims is what Guildhall reads from the provider.
type ssoClaims struct {
	subject, email, name string
	groups, amr          []string
	acr                  string
}

func (c *ssoClaims) mfa(acrValues []string) bool {
	for _, m := range c.amr {
		if slices.Contains([]string{"mfa", "otp", "hwk", "swk", "fido", "sc"}, strings.ToLower(m)) {
			return true
		}
	}
	return c.acr != "" && slices.Contains(acrValues, c.acr)
}

func (c *oidcClient) claims(ctx context.Context, req OIDCRequest, code string) (*ssoClaims, error) {
	ctx = c.ctx(ctx)
	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(req.Verifier))
	if err != nil {
		return nil, fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return nil, errors.New("no id_token in the token response")
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("id token: %w", err)
	}
	if idt.Nonce != req.Nonce {
		return nil, errors.New("id token nonce does not match")
	}
	var m map[string]any
	if err := idt.Claims(&m); err != nil {
		return nil, err
	}
	// Userinfo adds what the ID token left out (email, profile, groups with
	// some Keycloak mappers); a provider without the endpoint is fine.
	if ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && ui.Subject == idt.Subject {
		var extra map[string]any
		if ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, ok := m[k]; !ok {
					m[k] = v
				}
			}
		}
	}
	cl := &ssoClaims{subject: idt.Subject, acr: str(m["acr"]), amr: strs(m["amr"])}
	cl.email = firstOf(str(m["email"]), str(m["preferred_username"]), str(m["upn"]))
	if !strings.Contains(cl.email, "@") {
		cl.email = ""
	}
	cl.name = firstOf(str(m["name"]), strings.TrimSpace(str(m["given_name"])+" "+str(m["family_name"])), cl.email)
	cl.groups = append(strs(m["groups"]), strs(m["roles"])...)
	return cl, nil
}

func str(v any) string { s, _ := v.(string); return s }

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// justInTime finds the account by email (the SCIM userName Entra also sends)
// and updates it from the claims, or creates it. A disabled account stays
// disabled: the provider cannot resurrect a leaver Guildhall has disabled.
func (s *Service) justInTime(ctx context.Context, cl *ssoClaims) (User, error) {
	now := s.now()
	u, err := s.store.UserByEmail(ctx, cl.email)
	if errors.Is(err, fault.NotFound) {
		u = User{ID: newID(), Email: cl.email, Name: cl.name, Kind: access.KindStaff, Active: true, ExternalID: "",
			SSOGroups: cl.groups, CreatedAt: now, UpdatedAt: now}
		return u, s.store.CreateUser(ctx, u, s.entry("oidc", "auth.user_created", u.ID, map[string]any{"email": u.Email, "method": "oidc"}))
	}
	if err != nil {
		return User{}, err
	}
	if !u.Active {
		s.audit(ctx, s.entry(u.ID, "auth.sign_in_failed", u.ID, map[string]any{"method": "oidc", "reason": "disabled"}))
		return User{}, ErrSSORefused
	}
	u.Name, u.SSOGroups, u.UpdatedAt = cl.name, cl.groups, now
	return u, s.store.UpdateSSO(ctx, u)
}
