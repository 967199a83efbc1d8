package frontdoor

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Signing in with GOV.UK One Login, beside the emailed link: the resident
// is sent to One Login and comes back to the callback, which signs them in
// to the account of the address One Login verified (the same account an
// emailed link to it gives). Every way it can fail ends on a page that
// says what happened and offers the emailed link instead.

// Paths of the One Login pages; the callback and the signed-out page are
// registered with One Login (docs/deploy.md).
const (
	pathOneLogin         = "/your-account/sign-in/onelogin"
	PathOneLoginCallback = pathOneLogin + "/callback"
	PathSignedOut        = "/your-account/signed-out"
)

// oneLoginCookie carries one attempt's state and nonce from the redirect
// to the callback: HttpOnly, ten minutes, only sent to the One Login
// paths; SameSite=Lax still sends it on One Login's top-level redirect back.
const oneLoginCookie = "guildhall_onelogin"

// oneLoginStart sends the resident to One Login in the page's language.
func (h *handler) oneLoginStart(w http.ResponseWriter, r *http.Request) error {
	u, req := h.OneLogin.AuthorizeURL(string(web.LangOf(r)))
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	h.setOneLoginCookie(w, base64.RawURLEncoding.EncodeToString(b), int((10 * time.Minute).Seconds()))
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

func (h *handler) setOneLoginCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: oneLoginCookie, Value: value, Path: pathOneLogin, MaxAge: maxAge, HttpOnly: true,
		Secure: h.srv.Config().SecureCookies, SameSite: http.SameSiteLaxMode})
}

// oneLoginRequest reads (and forgets) the attempt's secrets; an attempt
// without them is one that has expired or was started elsewhere.
func (h *handler) oneLoginRequest(w http.ResponseWriter, r *http.Request) auth.OneLoginRequest {
	var req auth.OneLoginRequest
	if c, err := r.Cookie(oneLoginCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			_ = json.Unmarshal(b, &req)
		}
	}
	h.setOneLoginCookie(w, "", -1)
	return req
}

// oneLoginProblem is why a One Login sign-in did not sign the resident in.
type oneLoginProblem string

const (
	problemCancelled  oneLoginProblem = "cancelled"
	problemExpired    oneLoginProblem = "expired"
	problemUnverified oneLoginProblem = "unverified"
	problemFailed     oneLoginProblem = "failed"
)

type oneLoginProblemPage struct{ Problem oneLoginProblem }

// oneLoginCallback finishes the sign-in One Login sends the resident back from.
func (h *handler) oneLoginCallback(w http.ResponseWriter, r *http.Request) error {
	req := h.oneLoginRequest(w, r)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		h.Logger.InfoContext(r.Context(), "One Login sign-in not completed", "error", e, "description", q.Get("error_description"))
		if e == "access_denied" {
			return h.oneLoginProblem(w, r, http.StatusOK, problemCancelled)
		}
		return h.oneLoginProblem(w, r, http.StatusUnauthorized, problemFailed)
	}
	id, err := h.OneLogin.Finish(r.Context(), req, q.Get("state"), q.Get("code"))
	if err != nil {
		h.Logger.WarnContext(r.Context(), "One Login sign-in refused", "reason", err)
	}
	switch {
	case errors.Is(err, auth.ErrOneLoginRestart):
		return h.oneLoginProblem(w, r, http.StatusBadRequest, problemExpired)
	case errors.Is(err, auth.ErrOneLoginUnverified):
		return h.oneLoginProblem(w, r, http.StatusForbidden, problemUnverified)
	case errors.Is(err, auth.ErrOneLoginFailed):
		return h.oneLoginProblem(w, r, http.StatusUnauthorized, problemFailed)
	case err != nil:
		return err // One Login unreachable: the service-unavailable page
	}
	session, _, err := h.Residents.SignInVerified(r.Context(), id)
	if err != nil {
		return err
	}
	h.setResidentCookie(w, session, int(auth.ResidentSessionFor/time.Second))
	http.Redirect(w, r, pathYourAccount, http.StatusSeeOther)
	return nil
}

func (h *handler) oneLoginProblem(w http.ResponseWriter, r *http.Request, status int, p oneLoginProblem) error {
	return h.rd.Render(w, r, status, "onelogin_problem", oneLoginProblemPage{Problem: p})
}

// signedOutGet is where One Login sends the resident back after signing
// them out there too.
func (h *handler) signedOutGet(w http.ResponseWriter, r *http.Request) error {
	return h.rd.Render(w, r, http.StatusOK, "signed_out", nil)
}
