package account

import (
	"errors"
	"net/http"
	"net/url"
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

// Paths of sign-in.
const (
	PathSignIn  = "/sign-in"
	PathSignOut = "/sign-out"
	// PathHome is where staff land after signing in without a next page.
	PathHome = "/workspace"
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
			p, err := svc.Principal(r.Context(), tok)
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

// RequireStaff lets signed-in staff and councillors through and sends anyone
// else to sign in, coming back to the page they asked for.
func RequireStaff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !web.IsStaff(r) {
			toSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireMFA is RequireStaff for sessions that passed a second factor: a
// session without one (single sign-on that asserted no MFA) is sent to sign in.
func RequireMFA(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !web.IsStaff(r) || !web.PrincipalFrom(r.Context()).MFA {
			toSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireAdmin is RequireMFA for administrators; other staff get 403.
func RequireAdmin(next http.Handler) http.Handler {
	return RequireMFA(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !web.PrincipalFrom(r.Context()).HasRole(auth.RoleAdministrator, "*") {
			web.Error(w, r, fault.New(fault.Forbidden, "administrators only"))
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// toSignIn redirects a page request to sign in with a next parameter; other
// requests (a form post whose session ended) get 401.
func toSignIn(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		web.Error(w, r, fault.New(fault.Unauthenticated, "sign in to continue"))
		return
	}
	http.Redirect(w, r, SignInURL(r.URL.RequestURI()), http.StatusSeeOther)
}

// SignInURL is the sign-in page that returns to next afterwards.
func SignInURL(next string) string {
	if next = SafeNext(next); next == PathHome {
		return PathSignIn
	}
	return PathSignIn + "?next=" + url.QueryEscape(next)
}

// SafeNext returns next if it is a path on this site, else PathHome: a
// sign-in link must never send someone to another site (an open redirect).
// It refuses absolute and scheme-relative URLs ("//evil", "/\evil"),
// backslashes and control characters, which browsers treat inconsistently.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 2048 {
		return PathHome
	}
	if strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return PathHome
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return PathHome
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return PathHome
	}
	if u.Path == PathSignIn || u.Path == PathSignOut || strings.HasPrefix(u.Path, PathSignIn+"/") {
		return PathHome
	}
	return next
}

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
