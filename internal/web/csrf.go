package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// CSRFField is the name of the hidden form field that carries the form token.
const CSRFField = "csrf_token"

// ErrFormToken is returned when a form's token is missing or does not match
// its cookie (403): the form is stale or was posted from elsewhere.
var ErrFormToken = fault.New(fault.Forbidden, "form token missing or wrong")

// csrfGuard checks a form token tied to a per-browser cookie: defence in
// depth behind http.CrossOriginProtection, for browsers that send neither
// Sec-Fetch-Site nor Origin.
type csrfGuard struct {
	key    []byte
	secure bool
	cookie string
}

func newCSRFGuard(key []byte, secure bool) *csrfGuard {
	name := "guildhall_csrf"
	if secure {
		name = "__Host-guildhall_csrf" // __Host-: Secure, Path=/, no Domain
	}
	return &csrfGuard{key: key, secure: secure, cookie: name}
}

// token is the form token for a cookie value: an HMAC, so that the cookie
// alone (e.g. planted by a sibling subdomain) does not give a valid token.
func (g *csrfGuard) token(cookie string) string {
	m := hmac.New(sha256.New, g.key)
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (g *csrfGuard) protect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		c, err := r.Cookie(g.cookie)
		if err != nil || len(c.Value) < 32 {
			if !safeMethod(r.Method) {
				Error(w, r, ErrFormToken)
				return
			}
			c = g.issue(w)
		}
		ri.csrf = g.token(c.Value)
		if !safeMethod(r.Method) {
			if err := g.check(r, ri.csrf); err != nil {
				Error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (g *csrfGuard) issue(w http.ResponseWriter) *http.Cookie {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	c := &http.Cookie{
		Name: g.cookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
		HttpOnly: true, Secure: g.secure, SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, c)
	return c
}

// check compares the submitted token (form field or X-CSRF-Token header).
// A body over the size limit is reported as such, not as a bad token.
func (g *csrfGuard) check(r *http.Request, want string) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		if err := parseForm(r); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return ErrTooLarge
			}
			return fault.Wrap(fault.Invalid, err, "reading form")
		}
		got = r.PostFormValue(CSRFField)
	}
	if !hmac.Equal([]byte(got), []byte(want)) {
		return ErrFormToken
	}
	return nil
}

// parseForm parses url-encoded and multipart bodies. Multipart parts beyond
// 8 MiB spill to temporary files; the body itself is capped by limitBody.
func parseForm(r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		err := r.ParseMultipartForm(8 << 20)
		if errors.Is(err, http.ErrNotMultipart) {
			return nil
		}
		return err
	}
	return r.ParseForm()
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// CSRFToken returns the form token for the request (for hand-built forms).
func CSRFToken(r *http.Request) string { return infoFrom(r.Context()).csrf }
