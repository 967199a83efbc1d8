package frontdoor

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// Drafts belong to a session, never to a person or a browser for ever:
//
//   - a resident's drafts to the front door's own cookie, which the browser
//     drops when it closes;
//   - a signed-in officer's or councillor's drafts (assisted digital, a
//     member enquiry) to their staff session. They never touch the
//     resident cookie, so a resident who uses the browser next finds
//     nothing of theirs, and signing out deletes them (signedOut).

// sessionCookie names the front door's session cookie: it only finds the
// browser's drafts. The __Host- prefix (with Secure) stops a sibling
// subdomain from planting one.
func (h *handler) sessionCookie() string {
	if h.srv.Config().SecureCookies {
		return "__Host-guildhall_frontdoor"
	}
	return "guildhall_frontdoor"
}

// session returns the key of the caller's drafts, or "" when there is none
// yet: the staff session's for signed-in staff, else the resident cookie's.
// A key is a hash, so the drafts table holds nothing that could be replayed
// as a cookie.
func (h *handler) session(r *http.Request) string {
	if web.IsStaff(r) {
		return staffKey(r)
	}
	return h.residentKey(r)
}

// residentKey is the key of the resident cookie's drafts, or "".
func (h *handler) residentKey(r *http.Request) string {
	c, err := r.Cookie(h.sessionCookie())
	if err != nil || len(c.Value) < 32 {
		return ""
	}
	return sessionKey(c.Value)
}

// staffKey is the key of a staff session's drafts. The staff session
// middleware always names the session (web.SessionID); a stand-in that does
// not falls back to the account, which still never reaches a resident.
func staffKey(r *http.Request) string {
	id := web.SessionID(r.Context())
	if id == "" {
		id = "user:" + web.PrincipalFrom(r.Context()).UserID
	}
	return sessionKey("staff-session\x00" + id)
}

// ensureSession returns the session key, setting a new resident cookie if a
// resident has none. Staff never get the resident cookie.
func (h *handler) ensureSession(w http.ResponseWriter, r *http.Request) string {
	if s := h.session(r); s != "" {
		return s
	}
	v := newSecret()
	http.SetCookie(w, &http.Cookie{
		Name: h.sessionCookie(), Value: v, Path: "/", HttpOnly: true,
		Secure: h.srv.Config().SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	return sessionKey(v)
}

// signedOut runs when someone signs out (web.Server.OnSignOut): the drafts
// and confirmation pages of the ending staff session and of this browser's
// resident cookie are deleted, and the cookie is cleared, so the next person
// at the browser starts with nothing.
func (h *handler) signedOut(w http.ResponseWriter, r *http.Request) error {
	keys := []string{}
	if web.SessionID(r.Context()) != "" {
		keys = append(keys, staffKey(r))
	}
	if k := h.residentKey(r); k != "" {
		keys = append(keys, k)
	}
	http.SetCookie(w, &http.Cookie{
		Name: h.sessionCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: h.srv.Config().SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	if len(keys) == 0 {
		return nil
	}
	_, err := h.Drafts.DeleteSessionDrafts(r.Context(), keys...)
	return err
}

// newSecret is 256 random bits, URL-safe: a session cookie or a link.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionKey(cookie string) string {
	sum := sha256.Sum256([]byte(cookie))
	return hex.EncodeToString(sum[:])
}
