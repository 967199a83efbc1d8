package account

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// oidcCookie carries one single sign-on attempt's state, nonce and PKCE
// verifier from the redirect to the callback. It is HttpOnly, lives ten
// minutes and is scoped to the callback path; SameSite=Lax still sends it on
// the provider's top-level redirect back.
const oidcCookie = "guildhall_oidc"

type oidcState struct {
	auth.OIDCRequest
	Next string
}

func (h *handler) oidcStart(w http.ResponseWriter, r *http.Request) error {
	u, req, err := h.auth.OIDCStart(r.Context())
	if err != nil {
		return err
	}
	b, err := json.Marshal(oidcState{OIDCRequest: req, Next: web.SafeNext(r.URL.Query().Get("next"))})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: pathOIDC,
		MaxAge: 600, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

func (h *handler) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	var st oidcState
	if c, err := r.Cookie(oidcCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			_ = json.Unmarshal(b, &st)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: pathOIDC, MaxAge: -1, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		h.log.WarnContext(r.Context(), "single sign-on refused by the provider", "error", e, "description", q.Get("error_description"))
		return fault.New(fault.Unauthenticated, "single sign-on was cancelled or refused")
	}
	token, err := h.auth.OIDCCallback(r.Context(), st.OIDCRequest, q.Get("state"), q.Get("code"), web.ClientIP(r), sessionToken(r))
	if err != nil {
		return err
	}
	setSession(w, token, h.secure)
	http.Redirect(w, r, web.SafeNext(st.Next), http.StatusSeeOther)
	return nil
}
