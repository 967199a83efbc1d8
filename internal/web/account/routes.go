package account

import (
	"embed"
	"log/slog"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Paths of the administrator pages.
const (
	pathAdmin  = "/admin"
	pathPeople = "/admin/people"
	pathTeams  = "/admin/teams"
	pathTokens = "/admin/tokens"
)

// Paths of the sign-in steps.
const (
	pathCode     = "/sign-in/code"
	pathPassword = "/sign-in/password"
	pathEnrol    = "/sign-in/authenticator"
	pathOIDC     = "/sign-in/oidc"
	pathCallback = "/sign-in/oidc/callback"
)

// Deps is what the account pages need, wired by cmd/guildhall.
type Deps struct {
	Auth   *auth.Service
	Logger *slog.Logger
}

type handler struct {
	srv    *web.Server
	auth   *auth.Service
	log    *slog.Logger
	secure bool
	render *web.Renderer
	admin  *web.Renderer
}

// Register adds the session middleware (srv.Use) and the sign-in, sign-out
// and administrator pages to srv's browser mux. Call it before srv.Handler.
func Register(srv *web.Server, deps Deps) (err error) {
	h := &handler{srv: srv, auth: deps.Auth, log: deps.Logger, secure: srv.Config().SecureCookies}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.render, err = srv.NewRenderer(web.Area{ServiceName: "Staff sign in"}, templateFS, "templates/pages/sign_*.html"); err != nil {
		return err
	}
	adminArea := web.Area{ServiceName: "Administration", ServiceURL: pathPeople, Nav: append(web.AdminNav(),
		web.NavItem{Text: "Your password", Href: pathChangePassword}, web.NavItem{Text: "Your passkeys", Href: pathPasskeys},
		web.NavItem{Text: "Sign out", Href: web.PathSignOut})}
	if h.admin, err = srv.NewRenderer(adminArea, templateFS, "templates/pages/admin_*.html"); err != nil {
		return err
	}
	srv.Use(Middleware(deps.Auth))
	h.routes(srv.Browser())
	return nil
}

func (h *handler) routes(mux *http.ServeMux) {
	route := func(pattern string, f web.HandlerFunc) { web.Handle(mux, pattern, f) }
	route("GET "+web.PathSignIn, h.signInGet)
	route("POST "+web.PathSignIn, h.signInPost)
	route("GET "+pathCode, h.codeGet)
	route("POST "+pathCode, h.codePost)
	route("GET "+pathPassword, h.passwordGet)
	route("POST "+pathPassword, h.passwordPost)
	route("GET "+pathEnrol, h.enrolGet)
	route("POST "+pathEnrol, h.enrolPost)
	route("GET "+pathOIDC, h.oidcStart)
	route("GET "+pathCallback, h.oidcCallback)
	route("GET "+web.PathSignOut, h.signOutGet)
	route("POST "+web.PathSignOut, h.signOut)
	h.passkeyRoutes(mux)
	mux.Handle("GET "+pathChangePassword, web.RequireMFA(web.HandlerFunc(h.changePasswordGet)))
	mux.Handle("POST "+pathChangePassword, web.RequireMFA(web.HandlerFunc(h.changePasswordPost)))

	admin := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, web.RequireAdmin(f)) }
	admin("GET "+pathAdmin, func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, pathPeople, http.StatusSeeOther)
		return nil
	})
	admin("GET "+pathPeople, h.peopleList)
	admin("GET "+pathPeople+"/new", h.personNewGet)
	admin("POST "+pathPeople+"/new", h.personNewPost)
	admin("GET "+pathPeople+"/{id}", h.personGet)
	admin("POST "+pathPeople+"/{id}/grants", h.personGrants)
	admin("POST "+pathPeople+"/{id}/seat", h.personSeat)
	admin("POST "+pathPeople+"/{id}/disable", h.personDisable)
	admin("POST "+pathPeople+"/{id}/enable", h.personEnable)
	admin("POST "+pathPeople+"/{id}/reset", h.personReset)
	admin("GET "+pathTeams, h.teamsGet)
	admin("POST "+pathTeams, h.teamsPost)
	admin("GET "+pathTokens, h.tokensGet)
	admin("POST "+pathTokens, h.tokensPost)
	admin("POST "+pathTokens+"/{id}/revoke", h.tokenRevoke)
}

// errorsPage is embedded in page structs that show a form's errors.
type errorsPage struct {
	Errors []web.FieldError
}

// FieldErrors lists the form's errors for the error summary and <title>.
func (p errorsPage) FieldErrors() []web.FieldError { return p.Errors }

func fieldError(field string, err error) []web.FieldError {
	return []web.FieldError{{Field: field, Message: message(err)}}
}

// message is the public text of a fault (never a wrapped cause's text).
func message(err error) string {
	if err == nil {
		return ""
	}
	if m := fault.Public(err); m != "" {
		return m
	}
	return "There is a problem"
}

func principal(r *http.Request) access.Principal { return web.PrincipalFrom(r.Context()) }
