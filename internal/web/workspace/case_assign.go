package workspace

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// staleMessage is what an officer sees when someone else changed the case
// between their reading it and their change.
const staleMessage = "This case was changed by someone else"

// caseAssign takes, assigns, reassigns or unassigns a case.
func (h *handler) caseAssign(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "assign form")
	}
	ref := r.PathValue("ref")
	assignee := strings.TrimSpace(r.PostFormValue("assignee"))
	_, err := h.Cases.Assign(r.Context(), principal(r), ref, assignee, formVersion(r))
	if errors.Is(err, fault.Invalid) {
		return h.caseWithProblem(w, r, ref, http.StatusUnprocessableEntity, "Choose an officer from the list")
	}
	if err != nil {
		return h.actionFailed(w, r, ref, err)
	}
	http.Redirect(w, r, withDone(caseURL(ref), "assigned"), http.StatusSeeOther)
	return nil
}

// actionFailed shows the case again, as it is now, when a change was stale;
// other errors (404 for a case the caller may not see) go to web.Error.
func (h *handler) actionFailed(w http.ResponseWriter, r *http.Request, ref string, err error) error {
	if !errors.Is(err, fault.Conflict) {
		return err
	}
	return h.caseWithProblem(w, r, ref, http.StatusConflict, staleMessage)
}

// caseWithProblem shows the case as it is now under an error summary.
func (h *handler) caseWithProblem(w http.ResponseWriter, r *http.Request, ref string, status int, problem string) error {
	data, err := h.caseData(r, ref)
	if err != nil {
		return err
	}
	data.Problem = problem
	return h.page(w, r, status, "case", data)
}

// formVersion is the case version the form was rendered from; a missing or
// malformed one is -1, which never matches, so a form without it is refused
// as stale rather than applied blind.
func formVersion(r *http.Request) int {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v <= 0 {
		return -1
	}
	return v
}
