package account

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// signInPage is the email and password form.
type signInPage struct {
	errorsPage
	Email   web.Field
	Pass    web.Field
	Next    string
	SSO     bool
	SSOHref string
}

func (h *handler) signInForm(next, email string) *signInPage {
	p := &signInPage{Next: web.SafeNext(next), SSO: h.auth.OIDCEnabled()}
	p.Email = web.Field{ID: "email", Label: "Email address", Type: "email", Autocomplete: "username", NoSpellcheck: true, Value: email}
	// The first sign-in, and one after a reset, uses the one-time secret
	// printed by serve or given by an administrator: the page names it.
	p.Pass = web.Field{ID: "password", Label: "Password or one-time secret", Type: "password", Autocomplete: "current-password",
		Hint: "The first time you sign in, or after your password was reset, enter the one-time secret you were given"}
	p.SSOHref = pathOIDC + "?next=" + url.QueryEscape(p.Next)
	return p
}

func (h *handler) signInGet(w http.ResponseWriter, r *http.Request) error {
	return h.render.Render(w, r, http.StatusOK, "sign_in", h.signInForm(r.URL.Query().Get("next"), ""))
}

func (h *handler) signInPost(w http.ResponseWriter, r *http.Request) error {
	next, email := r.PostFormValue("next"), r.PostFormValue("email")
	token, step, err := h.auth.SignIn(r.Context(), email, r.PostFormValue("password"), web.ClientIP(r), sessionToken(r))
	if err != nil {
		status := statusOf(err)
		if status == 0 {
			return err
		}
		p := h.signInForm(next, email)
		p.Errors = fieldError("email", err)
		p.Email.Error = p.Errors[0].Message
		return h.render.Render(w, r, status, "sign_in", p)
	}
	setSession(w, token, h.secure)
	http.Redirect(w, r, stepURL(step, next), http.StatusSeeOther)
	return nil
}

// statusOf is the status for a sign-in error shown on the form, or 0 for an
// error the server's error page should handle.
func statusOf(err error) int {
	switch {
	case errors.Is(err, fault.TooMany):
		return http.StatusTooManyRequests
	case errors.Is(err, fault.Unauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, fault.Invalid):
		return http.StatusUnprocessableEntity
	case errors.Is(err, fault.Forbidden):
		return http.StatusForbidden
	}
	return 0
}

// stepURL is the page for the next sign-in step, carrying next along.
func stepURL(step auth.Step, next string) string {
	next = web.SafeNext(next)
	q := ""
	if next != web.PathHome {
		q = "?next=" + url.QueryEscape(next)
	}
	switch step {
	case auth.StepChangePassword:
		return pathPassword + q
	case auth.StepEnrolTOTP:
		return pathEnrol + q
	case auth.StepTOTP:
		return pathCode + q
	}
	return next
}

// pending loads the unfinished sign-in, or sends the browser back to the start.
func (h *handler) pending(w http.ResponseWriter, r *http.Request) (auth.User, bool, error) {
	_, u, err := h.auth.Pending(r.Context(), sessionToken(r))
	if errors.Is(err, fault.Unauthenticated) {
		http.Redirect(w, r, web.SignInURL(r.FormValue("next")), http.StatusSeeOther)
		return auth.User{}, false, nil
	}
	return u, err == nil, err
}

// signOutGet asks to confirm, so that any page can link to /sign-out while
// signing out itself stays a POST with a form token (no sign-out by a
// cross-site image or link).
func (h *handler) signOutGet(w http.ResponseWriter, r *http.Request) error {
	return h.render.Render(w, r, http.StatusOK, "sign_out", nil)
}

// signOut ends the session, and everything kept for it (web.Server.OnSignOut),
// and shows the sign-in page.
func (h *handler) signOut(w http.ResponseWriter, r *http.Request) error {
	tok := sessionToken(r)
	if err := h.auth.SignOut(r.Context(), tok); err != nil {
		return err
	}
	clearSession(w, h.secure)
	// What the session kept elsewhere (front-door drafts) ends with it, even
	// if the session had already expired.
	if tok != "" {
		r = r.WithContext(web.WithSessionID(r.Context(), auth.HashToken(tok)))
	}
	if err := h.srv.SignedOut(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, web.PathSignIn+"?signed-out=1", http.StatusSeeOther)
	return nil
}
