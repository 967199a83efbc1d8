package account

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// pathChangePassword is where a signed-in person changes their own password.
const pathChangePassword = "/account/password"

// changePasswordPage asks for the current password and a new one.
type changePasswordPage struct {
	errorsPage
	Current, New web.Field
	Done         bool
}

func newChangePasswordPage(done bool) *changePasswordPage {
	return &changePasswordPage{Done: done,
		Current: web.Field{ID: "current", Label: "Current password", Type: "password", Autocomplete: "current-password"},
		New: web.Field{ID: "new", Label: "New password", Type: "password", Autocomplete: "new-password",
			Hint: "Use 12 characters or more. A few unrelated words is a good password."}}
}

func (h *handler) changePasswordGet(w http.ResponseWriter, r *http.Request) error {
	return h.render.Render(w, r, http.StatusOK, "sign_in_change_password", newChangePasswordPage(r.URL.Query().Get("done") != ""))
}

func (h *handler) changePasswordPost(w http.ResponseWriter, r *http.Request) error {
	_, err := h.auth.ChangePassword(r.Context(), sessionToken(r), r.PostFormValue("current"), r.PostFormValue("new"))
	if err != nil {
		return h.formError(w, r, err, "sign_in_change_password", func() (any, *errorsPage, *web.Field) {
			p := newChangePasswordPage(false)
			f := &p.New
			if message(err) == "Your current password is wrong" {
				f = &p.Current
			}
			return p, &p.errorsPage, f
		})
	}
	http.Redirect(w, r, pathChangePassword+"?done=1", http.StatusSeeOther)
	return nil
}
