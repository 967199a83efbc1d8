package account

import (
	"bytes"
	_ "embed" // the passkey script
	"encoding/json"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed static/passkey.js
var passkeyJS []byte

// Paths of passkeys.
const (
	pathPasskeyJS      = "/sign-in/passkey.js"
	pathPasskeys       = "/account/passkeys"
	pathPasskeyOptions = "/account/passkeys/options"
	pathConfirm        = "/account/confirm"
	pathSignInPasskey  = "/sign-in/passkey"
	pathSignInOptions  = "/sign-in/passkey/options"
)

func (h *handler) passkeyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+pathPasskeyJS, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(passkeyJS)
	})
	mux.Handle("GET "+pathPasskeys, web.RequireMFA(web.HandlerFunc(h.passkeysGet)))
	mux.Handle("POST "+pathPasskeyOptions, web.RequireMFA(web.HandlerFunc(h.passkeyRegisterOptions)))
	mux.Handle("POST "+pathPasskeys, web.RequireMFA(web.HandlerFunc(h.passkeyRegister)))
	mux.Handle("POST "+pathConfirm, web.RequireMFA(web.HandlerFunc(h.confirmPost)))
	web.Handle(mux, "POST "+pathSignInOptions, h.passkeySignInOptions)
	web.Handle(mux, "POST "+pathSignInPasskey, h.passkeySignIn)
}

// passkeysPage lists the signed-in person's passkeys and adds one. Adding
// needs a recent second factor: until then the page asks for a code.
type passkeysPage struct {
	errorsPage
	Passkeys []passkeyRow
	Enabled  bool
	Done     bool
	Verified bool
	Code     web.Field
}

type passkeyRow struct{ Name, Created, LastUsed string }

func (h *handler) passkeysGet(w http.ResponseWriter, r *http.Request) error {
	keys, err := h.auth.MyPasskeys(r.Context(), principal(r))
	if err != nil {
		return err
	}
	p := &passkeysPage{Enabled: h.auth.PasskeysEnabled(), Done: r.URL.Query().Get("done") != "",
		Verified: h.auth.RecentlyVerified(r.Context(), sessionToken(r)), Code: newCodePage("").Code}
	return h.renderPasskeys(w, r, p, keys, http.StatusOK)
}

func (h *handler) renderPasskeys(w http.ResponseWriter, r *http.Request, p *passkeysPage, keys []auth.Passkey, status int) error {
	for _, k := range keys {
		p.Passkeys = append(p.Passkeys, passkeyRow{Name: k.Name, Created: k.CreatedAt.Format("2 January 2006"), LastUsed: k.LastUsedAt.Format("2 January 2006")})
	}
	return h.render.Render(w, r, status, "sign_in_passkeys", p)
}

// confirmPost is a re-verification: a code from the authenticator app
// proves the second factor again, so the person may change a factor.
func (h *handler) confirmPost(w http.ResponseWriter, r *http.Request) error {
	token, err := h.auth.VerifyCode(r.Context(), sessionToken(r), r.PostFormValue("code"), web.ClientIP(r))
	if err != nil {
		status := statusOf(err)
		if status == 0 {
			return err
		}
		if status == http.StatusUnauthorized {
			http.Redirect(w, r, web.SignInURL(pathPasskeys), http.StatusSeeOther)
			return nil
		}
		keys, kerr := h.auth.MyPasskeys(r.Context(), principal(r))
		if kerr != nil {
			return kerr
		}
		p := &passkeysPage{Enabled: h.auth.PasskeysEnabled(), Code: newCodePage("").Code}
		p.Errors = fieldError(p.Code.ID, err)
		p.Code.Error = p.Errors[0].Message
		return h.renderPasskeys(w, r, p, keys, status)
	}
	setSession(w, token, h.secure)
	http.Redirect(w, r, pathPasskeys, http.StatusSeeOther)
	return nil
}

// ceremony is the JSON the script and the server exchange.
type ceremony struct {
	Options json.RawMessage `json:"options,omitempty"`
	State   string          `json:"state,omitempty"`
	Name    string          `json:"name,omitempty"`
	Next    string          `json:"next,omitempty"`
	// Credential is the browser's PublicKeyCredential, base64url encoded.
	Credential json.RawMessage `json:"credential,omitempty"`
}

func writeCeremony(w http.ResponseWriter, c ceremony) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(c)
}

func readCeremony(r *http.Request) (ceremony, error) {
	var c ceremony
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10)).Decode(&c); err != nil {
		return c, fault.Wrap(fault.Invalid, err, "bad passkey request")
	}
	return c, nil
}

func (h *handler) passkeyRegisterOptions(w http.ResponseWriter, r *http.Request) error {
	opts, state, err := h.auth.BeginPasskeyRegistration(r.Context(), sessionToken(r))
	if err != nil {
		return err
	}
	return writeCeremony(w, ceremony{Options: opts, State: state})
}

func (h *handler) passkeyRegister(w http.ResponseWriter, r *http.Request) error {
	c, err := readCeremony(r)
	if err != nil {
		return err
	}
	if err := h.auth.FinishPasskeyRegistration(r.Context(), sessionToken(r), c.State, c.Name, bytes.NewReader(c.Credential)); err != nil {
		return err
	}
	return writeCeremony(w, ceremony{Next: pathPasskeys + "?done=added"})
}

func (h *handler) passkeySignInOptions(w http.ResponseWriter, r *http.Request) error {
	opts, state, err := h.auth.BeginPasskeySignIn(r.Context(), sessionToken(r))
	if err != nil {
		return err
	}
	return writeCeremony(w, ceremony{Options: opts, State: state})
}

func (h *handler) passkeySignIn(w http.ResponseWriter, r *http.Request) error {
	c, err := readCeremony(r)
	if err != nil {
		return err
	}
	token, err := h.auth.FinishPasskeySignIn(r.Context(), sessionToken(r), c.State, bytes.NewReader(c.Credential), web.ClientIP(r))
	if err != nil {
		return err
	}
	setSession(w, token, h.secure)
	return writeCeremony(w, ceremony{Next: web.SafeNext(c.Next)})
}
