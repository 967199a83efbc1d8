package account

import (
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// codePage asks for the authenticator code.
type codePage struct {
	errorsPage
	Code web.Field
	Next string
	// Passkey offers a passkey instead of the code (with JavaScript).
	Passkey bool
}

func newCodePage(next string) *codePage {
	return &codePage{Next: web.SafeNext(next), Code: web.Field{ID: "code", Label: "Security code", Hint: "Enter the 6-digit code from your authenticator app",
		Autocomplete: "one-time-code", InputMode: "numeric", Width: "5", NoSpellcheck: true}}
}

func (h *handler) codeGet(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := h.pending(w, r); !ok {
		return err
	}
	p := newCodePage(r.URL.Query().Get("next"))
	p.Passkey = h.auth.HasPasskeys(r.Context(), sessionToken(r))
	return h.render.Render(w, r, http.StatusOK, "sign_in_code", p)
}

func (h *handler) codePost(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	token, err := h.auth.VerifyCode(r.Context(), sessionToken(r), r.PostFormValue("code"), web.ClientIP(r))
	if err != nil {
		return h.formError(w, r, err, "sign_in_code", func() (any, *errorsPage, *web.Field) {
			p := newCodePage(next)
			return p, &p.errorsPage, &p.Code
		})
	}
	setSession(w, token, h.secure)
	http.Redirect(w, r, web.SafeNext(next), http.StatusSeeOther)
	return nil
}

// formError re-renders a form with err by its field, or hands an error the
// form cannot show to the server's error page. An ended session goes back to
// the start of sign-in.
func (h *handler) formError(w http.ResponseWriter, r *http.Request, err error, page string, build func() (any, *errorsPage, *web.Field)) error {
	status := statusOf(err)
	if status == 0 {
		return err
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, web.SignInURL(r.PostFormValue("next")), http.StatusSeeOther)
		return nil
	}
	p, ep, f := build()
	ep.Errors = fieldError(f.ID, err)
	f.Error = ep.Errors[0].Message
	return h.render.Render(w, r, status, page, p)
}

// passwordPage sets a new password after a one-time secret.
type passwordPage struct {
	errorsPage
	Password web.Field
	Next     string
}

func newPasswordPage(next string) *passwordPage {
	return &passwordPage{Next: web.SafeNext(next), Password: web.Field{ID: "password", Label: "Create a password", Type: "password",
		Autocomplete: "new-password", Hint: "Use 12 characters or more. A few unrelated words is a good password."}}
}

func (h *handler) passwordGet(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := h.pending(w, r); !ok {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "sign_in_password", newPasswordPage(r.URL.Query().Get("next")))
}

func (h *handler) passwordPost(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	step, err := h.auth.ChangePassword(r.Context(), sessionToken(r), "", r.PostFormValue("password"))
	if err != nil {
		return h.formError(w, r, err, "sign_in_password", func() (any, *errorsPage, *web.Field) {
			p := newPasswordPage(next)
			return p, &p.errorsPage, &p.Password
		})
	}
	http.Redirect(w, r, stepURL(step, next), http.StatusSeeOther)
	return nil
}

// enrolPage shows a new authenticator key as text (no QR code: no JavaScript,
// and text works with a screen reader) and asks for its first code.
type enrolPage struct {
	errorsPage
	Key, Grouped, URI, Sealed string
	Code                      web.Field
	Next                      string
}

func (h *handler) enrolPage(r *http.Request, next string) (*enrolPage, error) {
	en, err := h.auth.BeginTOTP(r.Context(), sessionToken(r))
	if err != nil {
		return nil, err
	}
	p := &enrolPage{Key: en.Key, Grouped: groupKey(en.Key), URI: en.URI, Sealed: en.Sealed, Next: web.SafeNext(next)}
	p.Code = newCodePage(next).Code
	return p, nil
}

func (h *handler) enrolGet(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := h.pending(w, r); !ok {
		return err
	}
	next := r.URL.Query().Get("next")
	p, err := h.enrolPage(r, next)
	if errors.Is(err, auth.ErrFactorExists) {
		// Never a new key for an account that has a second factor.
		http.Redirect(w, r, stepURL(auth.StepTOTP, next), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "sign_in_authenticator", p)
}

func (h *handler) enrolPost(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	token, err := h.auth.ConfirmTOTP(r.Context(), sessionToken(r), r.PostFormValue("key"), r.PostFormValue("code"), web.ClientIP(r))
	if errors.Is(err, auth.ErrFactorExists) {
		http.Redirect(w, r, stepURL(auth.StepTOTP, next), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		// A new key each time: the person adds it again (the old one never worked).
		return h.formError(w, r, err, "sign_in_authenticator", func() (any, *errorsPage, *web.Field) {
			p, perr := h.enrolPage(r, next)
			if perr != nil {
				p = &enrolPage{Next: web.SafeNext(next)}
			}
			return p, &p.errorsPage, &p.Code
		})
	}
	setSession(w, token, h.secure)
	http.Redirect(w, r, web.SafeNext(next), http.StatusSeeOther)
	return nil
}

func groupKey(k string) string {
	out := make([]byte, 0, len(k)+len(k)/4)
	for i := 0; i < len(k); i++ {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, k[i])
	}
	return string(out)
}
