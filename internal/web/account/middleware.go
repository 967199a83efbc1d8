package account

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Cookie names. With Secure cookies the __Host- prefix makes the browser
// refuse the cookie unless it is Secure, host-only and for path /.
const (
	cookieName       = "guildhall_session"
	secureCookieName = "__Host-guildhall_session"
)

// Middleware reads the session cookie, asks svc who holds it and puts that
// principal in the request context (web.WithPrincipal). A missing, expired or
// ended session leaves the caller anonymous. API paths are left alone: the
// API authenticates by bearer token, never by cookie.
func Middleware(svc *auth.Service) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tok := sessionToken(r)
			if tok == "" || isAPIPath(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			p, err := svc.PrincipalAt(r.Context(), tok, web.ClientIP(r))
			switch {
			case err == nil:
				r = r.WithContext(web.WithSessionID(web.WithPrincipal(r.Context(), p), auth.HashToken(tok)))
			case errors.Is(err, fault.Unauthenticated):
			default:
				web.Error(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/open311/") || strings.HasPrefix(p, "/scim/")
}

// sessionToken is the session cookie's value, under either name.
func sessionToken(r *http.Request) string {
	for _, n := range []string{secureCookieName, cookieName} {
		if c, err := r.Cookie(n); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func toSignIn(w http.ResponseWriter, r *http.Request) { web.ToSignIn(w, r) }

// setSession sets the session cookie: HttpOnly, SameSite=Lax, Secure (with
// the __Host- prefix) unless the site runs on plain http for development. No
// Max-Age: the server ends sessions, and the cookie goes with the browser.
func setSession(w http.ResponseWriter, token string, secure bool) {
	name := cookieName
	if secure {
		name = secureCookieName
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// clearSession removes the session cookie under both names.
func clearSession(w http.ResponseWriter, secure bool) {
	for _, n := range []string{secureCookieName, cookieName} {
		if n == secureCookieName && !secure {
			continue
		}
		http.SetCookie(w, &http.Cookie{Name: n, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: n == secureCookieName, SameSite: http.SameSiteLaxMode})
	}
}
