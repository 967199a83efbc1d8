package frontdoor

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
)

// sessionCookie names the front door's session cookie: it only finds the
// browser's drafts. The __Host- prefix (with Secure) stops a sibling
// subdomain from planting one.
func (h *handler) sessionCookie() string {
	if h.srv.Config().SecureCookies {
		return "__Host-guildhall_frontdoor"
	}
	return "guildhall_frontdoor"
}

// session returns the browser's session key, or "" when it has none yet.
// The key is a hash of the cookie, so the drafts table holds nothing that
// could be replayed as a cookie.
func (h *handler) session(r *http.Request) string {
	c, err := r.Cookie(h.sessionCookie())
	if err != nil || len(c.Value) < 32 {
		return ""
	}
	return sessionKey(c.Value)
}

// ensureSession returns the session key, setting a new cookie if there is none.
func (h *handler) ensureSession(w http.ResponseWriter, r *http.Request) string {
	if s := h.session(r); s != "" {
		return s
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: h.sessionCookie(), Value: v, Path: "/", HttpOnly: true,
		Secure: h.srv.Config().SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	return sessionKey(v)
}

func sessionKey(cookie string) string {
	sum := sha256.Sum256([]byte(cookie))
	return hex.EncodeToString(sum[:])
}
