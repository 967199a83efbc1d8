package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

// A signed-in resident's forms in progress, listed on "Your requests":
// continue one in this browser, or delete it. The access policy decides
// both (auth.Residents asks access.ActionSavedForm); a form that is not
// theirs is "not found", as one that does not exist.

// formContinue makes the form the one this browser fills in and opens its
// answers, from which the resident carries on.
func (h *handler) formContinue(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	f, err := h.Residents.ContinueForm(r.Context(), a, r.PathValue("id"), h.ensureSession(w, r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, checkPath(f.ServiceID), http.StatusSeeOther)
	return nil
}

// formDelete deletes the form and its save-and-return links.
func (h *handler) formDelete(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	if _, err := h.Residents.DeleteForm(r.Context(), a, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, pathYourAccount, http.StatusSeeOther)
	return nil
}
