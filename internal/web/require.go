package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// RequireStaff and friends gate the browser areas. They live here, not in
// web/account, so that no area of the web imports another.

// Paths of sign-in.
const (
	PathSignIn  = "/sign-in"
	PathSignOut = "/sign-out"
	// PathHome is where staff land after signing in without a next page.
	PathHome = "/workspace"
	// PathPartnerHome is where a partner works: the documents of the
	// collaboration spaces they are members of.
	PathPartnerHome = "/records/documents"
)

// AdminNav is the navigation of every administration page, whichever area
// serves it, so that an administrator finds each page from any other. The
// paths are the areas' own (web/account, web/integrations, web/advice).
func AdminNav() []NavItem {
	return []NavItem{
		{Text: "People", Href: "/admin/people"}, {Text: "Teams", Href: "/admin/teams"},
		{Text: "API tokens", Href: "/admin/tokens"}, {Text: "Webhooks", Href: "/admin/webhooks"},
		{Text: "Dead letters", Href: "/admin/dead-letters"},
		{Text: "AI features", Href: "/workspace/ai-switches"}, {Text: "AI examples", Href: "/workspace/ai-examples"},
		{Text: "Workspace", Href: PathHome},
	}
}

// StaffRoutes returns a function that registers a handler on mux behind
// RequireStaff: how each staff area declares its pages.
func StaffRoutes(mux *http.ServeMux) func(pattern string, f HandlerFunc) {
	return func(pattern string, f HandlerFunc) { mux.Handle(pattern, RequireStaff(f)) }
}

// RequireStaff lets signed-in staff and councillors through and sends anyone
// else to sign in, coming back to the page they asked for.
func RequireStaff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if PrincipalFrom(r.Context()).Kind == access.KindPartner {
			// Signed in, but a partner: sending them to sign in again would
			// loop; their own pages are the spaces' documents.
			http.Redirect(w, r, PathPartnerHome, http.StatusSeeOther)
			return
		}
		if !IsStaff(r) {
			ToSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireSignedIn lets staff, councillors and partners through (the access
// policy then decides what each sees) and sends anyone else to sign in.
func RequireSignedIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsStaff(r) && PrincipalFrom(r.Context()).Kind != access.KindPartner {
			ToSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireMFA is RequireStaff for sessions that passed a second factor: a
// session without one (single sign-on that asserted no MFA) is sent to sign in.
func RequireMFA(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsStaff(r) || !PrincipalFrom(r.Context()).MFA {
			ToSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireAdmin is RequireMFA for administrators; other staff get 403.
func RequireAdmin(next http.Handler) http.Handler {
	return RequireMFA(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !PrincipalFrom(r.Context()).HasRole(access.RoleAdministrator, "*") {
			Error(w, r, fault.New(fault.Forbidden, "administrators only"))
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// ToSignIn redirects a page request to sign in with a next parameter; other
// requests (a form post whose session ended) get 401.
func ToSignIn(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		Error(w, r, fault.New(fault.Unauthenticated, "sign in to continue"))
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
