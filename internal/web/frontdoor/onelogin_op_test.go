package frontdoor_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

// oneLoginOP is a local GOV.UK One Login written for these tests: it
// speaks the protocol its technical documentation describes (discovery,
// JWKS, /authorize with vtr and ui_locales, /token authenticated by a
// private_key_jwt client assertion, /userinfo, /logout) and checks every
// request as strictly as One Login does, so that a mistake in Guildhall's
// client fails the test.
type oneLoginOP struct {
	t   testing.TB
	srv *httptest.Server
	// key signs ID tokens; council is the council's registered public key.
	key     *ecdsa.PrivateKey
	council crypto.PublicKey
	// clientID, redirectURI and postLogoutURI are the registration.
	clientID, redirectURI, postLogoutURI string

	mu sync.Mutex
	// now is the provider's clock (the platform's, once it runs).
	now func() time.Time
	// person is who signs in next; deny makes them cancel; idToken changes
	// the next ID token's claims (a misbehaving or attacked provider).
	person  opPerson
	deny    bool
	idToken func(map[string]any)
	// What the provider saw: authorize queries, client assertions' claims,
	// refusals at the token endpoint, and sign-outs (id_token_hint).
	authorized []url.Values
	assertions []map[string]any
	refused    []string
	loggedOut  []string

	codes  map[string]*opGrant
	jtis   map[string]bool
	access map[string]opPerson
}

type opPerson struct {
	Sub, Email string
	Verified   bool
}

type opGrant struct {
	nonce string
	who   opPerson
	used  bool
}

// newOneLoginOP starts the provider and writes the council's private key
// (ES256 or RS256) to a PEM file whose path it returns.
func newOneLoginOP(t testing.TB, alg string) (*oneLoginOP, string) {
	t.Helper()
	idKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var councilKey crypto.Signer
	if alg == "RS256" {
		councilKey, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		councilKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(councilKey)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "onelogin.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	op := &oneLoginOP{t: t, key: idKey, council: councilKey.Public(), clientID: "guildhall-testshire", now: time.Now,
		person: opPerson{Sub: "urn:fdc:gov.uk:2022:bea", Email: "bea@example.org", Verified: true},
		codes:  map[string]*opGrant{}, jtis: map[string]bool{}, access: map[string]opPerson{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", op.discovery)
	mux.HandleFunc("GET /.well-known/jwks.json", op.jwks)
	mux.HandleFunc("GET /authorize", op.authorize)
	mux.HandleFunc("POST /token", op.token)
	mux.HandleFunc("GET /userinfo", op.userinfo)
	mux.HandleFunc("GET /logout", op.logout)
	op.srv = httptest.NewServer(mux)
	t.Cleanup(op.srv.Close)
	return op, keyFile
}

func (op *oneLoginOP) discoveryURL() string { return op.srv.URL + "/.well-known/openid-configuration" }
func (op *oneLoginOP) issuer() string       { return op.srv.URL + "/" }
func (op *oneLoginOP) tokenURL() string     { return op.srv.URL + "/token" }

func (op *oneLoginOP) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer": op.issuer(), "authorization_endpoint": op.srv.URL + "/authorize", "token_endpoint": op.tokenURL(),
		"userinfo_endpoint": op.srv.URL + "/userinfo", "jwks_uri": op.srv.URL + "/.well-known/jwks.json",
		"end_session_endpoint": op.srv.URL + "/logout", "scopes_supported": []string{"openid", "email", "phone", "offline_access"},
		"response_types_supported": []string{"code"}, "grant_types_supported": []string{"authorization_code"},
		"token_endpoint_auth_methods_supported": []string{"private_key_jwt", "client_secret_post"},
		"id_token_signing_alg_values_supported": []string{"ES256", "RS256"}, "subject_types_supported": []string{"public", "pairwise"},
		"ui_locales_supported": []string{"en", "cy"}, "vtr_values_supported": []string{"Cl", "Cl.Cm", "Cl.Cm.P2"},
	})
}

func (op *oneLoginOP) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256",
		"kid": "op-key-1", "x": b64(op.key.X.FillBytes(make([]byte, 32))), "y": b64(op.key.Y.FillBytes(make([]byte, 32)))}}})
}

// authorize checks the request as One Login does and sends the browser
// back with a code, or with error=access_denied when the person cancels.
func (op *oneLoginOP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	op.mu.Lock()
	defer op.mu.Unlock()
	op.authorized = append(op.authorized, q)
	switch {
	case q.Get("client_id") != op.clientID || q.Get("redirect_uri") != op.redirectURI:
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("scope") != "openid email phone" || q.Get("state") == "" ||
		q.Get("nonce") == "" || q.Get("vtr") != `["Cl.Cm"]` || (q.Get("ui_locales") != "en" && q.Get("ui_locales") != "cy"):
		http.Error(w, "invalid_request", http.StatusBadRequest)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	if op.deny {
		back.Set("error", "access_denied")
		back.Set("error_description", "Access denied by resource owner or authorization server")
	} else {
		code := randomString()
		op.codes[code] = &opGrant{nonce: q.Get("nonce"), who: op.person}
		back.Set("code", code)
	}
	http.Redirect(w, r, op.redirectURI+"?"+back.Encode(), http.StatusFound)
}

// token redeems a code once, for a client that proves it holds the
// registered key with a fresh, short-lived assertion for this endpoint.
func (op *oneLoginOP) token(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	defer op.mu.Unlock()
	if err := op.checkAssertion(r.PostFormValue("client_assertion_type"), r.PostFormValue("client_assertion")); err != nil {
		op.refused = append(op.refused, err.Error())
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": err.Error()})
		return
	}
	g := op.codes[r.PostFormValue("code")]
	switch {
	case r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("redirect_uri") != op.redirectURI:
		op.refused = append(op.refused, "bad grant_type or redirect_uri")
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	case g == nil || g.used:
		op.refused = append(op.refused, "code unknown or used")
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	g.used = true
	now := op.now()
	claims := map[string]any{"iss": op.issuer(), "sub": g.who.Sub, "aud": op.clientID, "iat": now.Unix(),
		"exp": now.Add(2 * time.Minute).Unix(), "nonce": g.nonce, "vot": "Cl.Cm", "vtm": op.srv.URL + "/trustmark",
		"sid": randomString(), "auth_time": now.Unix()}
	if op.idToken != nil {
		op.idToken(claims)
	}
	idToken, err := auth.SignJWT(op.key, map[string]string{"kid": "op-key-1", "typ": "JWT"}, claims)
	if err != nil {
		op.t.Error(err)
	}
	access := randomString()
	op.access[access] = g.who
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 180, "id_token": idToken})
}

// checkAssertion is private_key_jwt as One Login checks it.
func (op *oneLoginOP) checkAssertion(typ, jwt string) error {
	if typ != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		return errors.New("client_assertion_type")
	}
	claims, err := verifyJWS(jwt, op.council)
	if err != nil {
		return fmt.Errorf("assertion signature: %w", err)
	}
	op.assertions = append(op.assertions, claims)
	exp, _ := claims["exp"].(float64)
	jti, _ := claims["jti"].(string)
	now := op.now().Unix()
	switch {
	case claims["iss"] != op.clientID || claims["sub"] != op.clientID:
		return errors.New("assertion iss/sub is not the client")
	case claims["aud"] != op.tokenURL():
		return errors.New("assertion aud is not the token endpoint")
	case int64(exp) <= now || int64(exp) > now+5*60+30:
		return errors.New("assertion expired or lives too long")
	case jti == "" || op.jtis[jti]:
		return errors.New("assertion jti used before")
	}
	op.jtis[jti] = true
	return nil
}

func (op *oneLoginOP) userinfo(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	defer op.mu.Unlock()
	who, ok := op.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "", http.StatusUnauthorized)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sub": who.Sub, "email": who.Email, "email_verified": who.Verified,
		"phone_number": "+447700900000", "phone_number_verified": true})
}

// logout ends the One Login session of a genuine ID token and sends the
// browser to the registered post-logout page.
func (op *oneLoginOP) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	op.mu.Lock()
	defer op.mu.Unlock()
	if _, err := verifyJWS(q.Get("id_token_hint"), &op.key.PublicKey); err != nil || q.Get("post_logout_redirect_uri") != op.postLogoutURI {
		http.Error(w, "invalid logout request", http.StatusBadRequest)
		return
	}
	op.loggedOut = append(op.loggedOut, q.Get("id_token_hint"))
	http.Redirect(w, r, op.postLogoutURI+"?"+url.Values{"state": {q.Get("state")}}.Encode(), http.StatusFound)
}

// verifyJWS checks an RS256 or ES256 JWS with pub and returns its claims.
func verifyJWS(jwt string, pub crypto.PublicKey) (map[string]any, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWS")
	}
	var header struct{ Alg string }
	if err := decodeSegment(parts[0], &header); err != nil {
		return nil, err
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if header.Alg != "RS256" || rsa.VerifyPKCS1v15(k, crypto.SHA256, digest[:], sig) != nil {
			return nil, errors.New("bad RS256 signature")
		}
	case *ecdsa.PublicKey:
		if header.Alg != "ES256" || len(sig) != 64 ||
			!ecdsa.Verify(k, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
			return nil, errors.New("bad ES256 signature")
		}
	default:
		return nil, errors.New("unknown key")
	}
	var claims map[string]any
	return claims, decodeSegment(parts[1], &claims)
}

func decodeSegment(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return b64(b)
}
