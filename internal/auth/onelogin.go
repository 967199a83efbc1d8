package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// GOV.UK One Login is the second way a resident proves their address: the
// authorization code flow, with the council's client authenticated at the
// token endpoint by a JWT signed with its private key (private_key_jwt),
// the ID token checked (signature from the published keys, issuer,
// audience, expiry, nonce and the level of authentication, "vot") and the
// address read from userinfo only when One Login says it is verified.

// OneLoginConfig is the council's registration with GOV.UK One Login.
type OneLoginConfig struct {
	// DiscoveryURL is One Login's OpenID configuration, e.g.
	// https://oidc.integration.account.gov.uk/.well-known/openid-configuration.
	DiscoveryURL string
	// ClientID is the client id One Login gave the council's service.
	ClientID string
	// Key signs the client assertion: an RSA key (RS256, 2048 bits or
	// more) or a P-256 key (ES256), whose public half is registered with
	// One Login. KeyID, when set, is sent as the assertion's kid.
	Key   crypto.Signer
	KeyID string
	// RedirectURL is {base}/your-account/sign-in/onelogin/callback and
	// PostLogoutRedirectURL {base}/your-account/signed-out; both are
	// registered with One Login.
	RedirectURL, PostLogoutRedirectURL string
	// HTTPClient talks to One Login (a 10-second timeout when nil).
	HTTPClient *http.Client
	// Now is the clock that ID token expiry is checked against.
	Now func() time.Time
}

// Constants of the One Login protocol.
const (
	// oneLoginScopes asks for the verified email address only (phone
	// is asked for as well so that the consent screen matches what the
	// council registered; Guildhall does not keep it).
	oneLoginScopes = "openid email phone"
	// OneLoginVector is the level of authentication asked for: medium
	// (a password and a second factor), without identity proving.
	OneLoginVector = "Cl.Cm"
	// clientAssertionType says the client authenticates with a JWT (RFC 7523).
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// clientAssertionFor is how long a client assertion may be used; One
	// Login refuses one that lives longer than five minutes.
	clientAssertionFor = 5 * time.Minute
)

// oneLoginMetadata is the part of the discovery document Guildhall uses.
type oneLoginMetadata struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	UserinfoEndpoint      string   `json:"userinfo_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	EndSessionEndpoint    string   `json:"end_session_endpoint"`
	TokenAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
}

// OneLogin is the relying party of a council's One Login registration.
type OneLogin struct {
	cfg      OneLoginConfig
	meta     oneLoginMetadata
	alg      string
	client   *http.Client
	verifier *oidc.IDTokenVerifier
}

// NewOneLogin reads the discovery document and checks the configuration,
// so that a wrong URL or key stops start-up rather than the first sign-in.
func NewOneLogin(ctx context.Context, cfg OneLoginConfig) (*OneLogin, error) {
	if cfg.ClientID == "" || cfg.Key == nil || cfg.RedirectURL == "" {
		return nil, errors.New("One Login needs a client id, a private key and the site's base URL")
	}
	o := &OneLogin{cfg: cfg, client: cfg.HTTPClient}
	if o.client == nil {
		o.client = &http.Client{Timeout: 10 * time.Second}
	}
	var err error
	if o.alg, err = signingAlg(cfg.Key); err != nil {
		return nil, err
	}
	if err := o.discover(ctx); err != nil {
		return nil, fmt.Errorf("discovery document %s: %w", cfg.DiscoveryURL, err)
	}
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.Background(), o.client), o.meta.JWKSURI)
	o.verifier = oidc.NewVerifier(o.meta.Issuer, keys, &oidc.Config{ClientID: cfg.ClientID,
		SupportedSigningAlgs: []string{oidc.ES256, oidc.RS256}, Now: cfg.Now})
	return o, nil
}

func (o *OneLogin) discover(ctx context.Context) error {
	if err := endpoint(o.cfg.DiscoveryURL); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.cfg.DiscoveryURL, nil)
	if err != nil {
		return err
	}
	res, err := o.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("answered %s", res.Status)
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&o.meta); err != nil {
		return fmt.Errorf("not an OpenID configuration: %w", err)
	}
	m := o.meta
	for name, v := range map[string]string{"issuer": m.Issuer, "authorization_endpoint": m.AuthorizationEndpoint,
		"token_endpoint": m.TokenEndpoint, "userinfo_endpoint": m.UserinfoEndpoint, "jwks_uri": m.JWKSURI,
		"end_session_endpoint": m.EndSessionEndpoint} {
		if err := endpoint(v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(m.TokenAuthMethods) > 0 && !slices.Contains(m.TokenAuthMethods, "private_key_jwt") {
		return errors.New("the token endpoint does not take private_key_jwt")
	}
	return nil
}

// endpoint accepts an https URL, or http to this machine (a test's provider).
func endpoint(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", v)
	}
	if u.Scheme == "https" {
		return nil
	}
	if ip := net.ParseIP(u.Hostname()); u.Scheme == "http" && (u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())) {
		return nil
	}
	return fmt.Errorf("%q is not an https URL", v)
}

// LoadOneLoginKey reads the council's private key from a PEM file
// (PKCS #8, PKCS #1 RSA or SEC 1 EC, as openssl writes them).
func LoadOneLoginKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("%s holds no PEM private key", path)
	}
	var key any
	switch blk.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(blk.Bytes)
	default:
		return nil, fmt.Errorf("%s holds a %q, not a private key", path, blk.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: not a signing key", path)
	}
	if _, err := signingAlg(s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// signingAlg is the JWS algorithm of a key One Login accepts.
func signingAlg(k crypto.Signer) (string, error) {
	switch pub := k.Public().(type) {
	case *rsa.PublicKey:
		if pub.N.BitLen() < 2048 {
			return "", errors.New("an RSA key must have at least 2048 bits")
		}
		return "RS256", nil
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() {
			return "", errors.New("an EC key must be on the P-256 curve (ES256)")
		}
		return "ES256", nil
	}
	return "", errors.New("the key must be RSA or EC P-256")
}

// OneLoginRequest is one sign-in attempt's secrets, kept by the browser in
// a short-lived HttpOnly cookie between the redirect and the callback.
type OneLoginRequest struct {
	State, Nonce string
}

// AuthorizeURL is where to send the resident, in language lang ("en" or
// "cy"), and the secrets to keep for the callback.
func (o *OneLogin) AuthorizeURL(lang string) (string, OneLoginRequest) {
	req := OneLoginRequest{State: newToken(), Nonce: newToken()}
	q := url.Values{"response_type": {"code"}, "scope": {oneLoginScopes}, "client_id": {o.cfg.ClientID},
		"state": {req.State}, "redirect_uri": {o.cfg.RedirectURL}, "nonce": {req.Nonce},
		"vtr": {`["` + OneLoginVector + `"]`}, "ui_locales": {lang}}
	return o.meta.AuthorizationEndpoint + "?" + q.Encode(), req
}

// OneLoginIdentity is what a One Login sign-in proves.
type OneLoginIdentity struct {
	Subject, Email string
	// IDToken is kept with the session: signing out of One Login needs it.
	IDToken string
}

// Errors of a One Login sign-in, each shown to the resident as its own page.
var (
	// ErrOneLoginRestart: the attempt has expired, was changed or was
	// already used (state, or an authorization code One Login refuses).
	ErrOneLoginRestart = fault.New(fault.Invalid, "the One Login sign-in has expired or was already used; start again")
	// ErrOneLoginUnverified: One Login has not verified the address.
	ErrOneLoginUnverified = fault.New(fault.Forbidden, "One Login has not verified the email address")
	// ErrOneLoginFailed: the answer could not be trusted (an ID token with
	// the wrong nonce, expired, badly signed or at another level).
	ErrOneLoginFailed = fault.New(fault.Unauthenticated, "the One Login answer could not be trusted")
)

// Finish completes a sign-in from the callback's state and code: it
// redeems the code, checks the ID token and reads the verified address.
// Errors: ErrOneLoginRestart, ErrOneLoginUnverified, ErrOneLoginFailed
// (each wrapping the cause), or fault.Unavailable when One Login cannot
// be reached.
func (o *OneLogin) Finish(ctx context.Context, req OneLoginRequest, state, code string) (OneLoginIdentity, error) {
	if req.State == "" || state != req.State || code == "" {
		return OneLoginIdentity{}, ErrOneLoginRestart
	}
	tok, err := o.redeem(ctx, code)
	if err != nil {
		return OneLoginIdentity{}, err
	}
	idt, err := o.verifier.Verify(oidc.ClientContext(ctx, o.client), tok.IDToken)
	if err != nil {
		return OneLoginIdentity{}, fmt.Errorf("%w: ID token: %v", ErrOneLoginFailed, err)
	}
	var claims struct {
		Vot string `json:"vot"`
	}
	if err := idt.Claims(&claims); err != nil {
		return OneLoginIdentity{}, fmt.Errorf("%w: %v", ErrOneLoginFailed, err)
	}
	switch {
	case idt.Nonce != req.Nonce:
		return OneLoginIdentity{}, fmt.Errorf("%w: the ID token's nonce is not this sign-in's", ErrOneLoginFailed)
	case claims.Vot != OneLoginVector:
		return OneLoginIdentity{}, fmt.Errorf("%w: the ID token's vot is %q, not %q", ErrOneLoginFailed, claims.Vot, OneLoginVector)
	}
	email, err := o.userinfo(ctx, tok.AccessToken, idt.Subject)
	if err != nil {
		return OneLoginIdentity{}, err
	}
	return OneLoginIdentity{Subject: idt.Subject, Email: email, IDToken: tok.IDToken}, nil
}

type oneLoginTokens struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
	Error       string `json:"error"`
}

// redeem exchanges the code at the token endpoint, authenticated by a
// fresh client assertion.
func (o *OneLogin) redeem(ctx context.Context, code string) (oneLoginTokens, error) {
	var tok oneLoginTokens
	assertion, err := o.clientAssertion()
	if err != nil {
		return tok, err
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {o.cfg.RedirectURL},
		"client_assertion_type": {clientAssertionType}, "client_assertion": {assertion}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.meta.TokenEndpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return tok, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := o.do(req, &tok); err != nil && tok.Error == "" {
		return tok, err
	}
	switch {
	case tok.Error == "invalid_grant": // a code used, expired or not ours
		return tok, fmt.Errorf("%w: token endpoint: invalid_grant", ErrOneLoginRestart)
	case tok.Error != "":
		return tok, fmt.Errorf("%w: token endpoint: %s", ErrOneLoginFailed, tok.Error)
	case tok.IDToken == "" || tok.AccessToken == "":
		return tok, fmt.Errorf("%w: the token response lacks a token", ErrOneLoginFailed)
	}
	return tok, nil
}

// userinfo reads the address and refuses one One Login has not verified.
func (o *OneLogin) userinfo(ctx context.Context, accessToken, subject string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.meta.UserinfoEndpoint, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	var info struct {
		Sub           string `json:"sub"`
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
	}
	if err := o.do(req, &info); err != nil {
		return "", fmt.Errorf("%w: userinfo: %v", ErrOneLoginFailed, err)
	}
	email := strings.TrimSpace(info.Email)
	switch {
	case info.Sub != subject:
		return "", fmt.Errorf("%w: userinfo is about another subject", ErrOneLoginFailed)
	case !info.EmailVerified || !strings.Contains(email, "@"):
		return "", fmt.Errorf("%w: %q", ErrOneLoginUnverified, email)
	}
	return email, nil
}

// do sends req and decodes its JSON answer into v; a non-200 answer is an
// error after decoding (an OAuth error body carries "error").
func (o *OneLogin) do(req *http.Request, v any) error {
	res, err := o.client.Do(req)
	if err != nil {
		return fault.Wrap(fault.Unavailable, err, "GOV.UK One Login cannot be reached")
	}
	defer res.Body.Close()
	derr := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(v)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", req.URL.Path, res.Status)
	}
	return derr
}

// clientAssertion is the signed JWT that authenticates the council at the
// token endpoint: issued by and about the client, for the token endpoint
// only, short-lived and never used twice (a fresh jti).
func (o *OneLogin) clientAssertion() (string, error) {
	now := time.Now()
	if o.cfg.Now != nil {
		now = o.cfg.Now()
	}
	header := map[string]string{"alg": o.alg, "typ": "JWT"}
	if o.cfg.KeyID != "" {
		header["kid"] = o.cfg.KeyID
	}
	claims := map[string]any{"iss": o.cfg.ClientID, "sub": o.cfg.ClientID, "aud": o.meta.TokenEndpoint,
		"iat": now.Unix(), "exp": now.Add(clientAssertionFor).Unix(), "jti": newToken()}
	return SignJWT(o.cfg.Key, header, claims)
}

// SignJWT writes a JWS compact serialisation of claims signed with key
// (RS256 for RSA, ES256 for P-256), the header's alg set to match.
func SignJWT(key crypto.Signer, header map[string]string, claims any) (string, error) {
	alg, err := signingAlg(key)
	if err != nil {
		return "", err
	}
	header["alg"] = alg
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	digest := sha256.Sum256([]byte(input))
	sig, err := key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return "", err
	}
	if alg == "ES256" { // JWS wants r and s side by side, not crypto's ASN.1
		var rs struct{ R, S *big.Int }
		if _, err := asn1.Unmarshal(sig, &rs); err != nil {
			return "", err
		}
		sig = make([]byte, 64)
		rs.R.FillBytes(sig[:32])
		rs.S.FillBytes(sig[32:])
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// LogoutOrigin is the origin of One Login's sign-out, where the "Sign
// out" form leads (the page's form-action must allow it).
func (o *OneLogin) LogoutOrigin() string {
	u, _ := url.Parse(o.meta.EndSessionEndpoint) // checked by NewOneLogin
	return u.Scheme + "://" + u.Host
}

// LogoutURL signs the resident out of One Login too, coming back to the
// registered post-logout page.
func (o *OneLogin) LogoutURL(idToken string) string {
	q := url.Values{"id_token_hint": {idToken}, "post_logout_redirect_uri": {o.cfg.PostLogoutRedirectURL}, "state": {newToken()}}
	return o.meta.EndSessionEndpoint + "?" + q.Encode()
}
