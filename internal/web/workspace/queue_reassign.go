package workspace

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/web"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// queueReassign gives the checked cases of a queue to one officer: a plain
// form post, so it works without JavaScript. All or none are reassigned.
func (h *handler) queueReassign(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "reassign form")
	}
	back := safeReturn(r.PostFormValue("return"), pathQueue)
	refs := r.PostForm["ref"]
	assignee := strings.TrimSpace(r.PostFormValue("assignee"))
	var problems []web.FieldError
	if len(refs) == 0 {
		problems = append(problems, web.FieldError{Field: "select-0", Message: "Select the cases to reassign"})
	}
	if assignee == "" {
		problems = append(problems, web.FieldError{Field: "bulk-assignee", Message: "Select the officer to reassign the cases to"})
	}
	if len(problems) == 0 {
		err := h.Cases.BulkAssign(r.Context(), principal(r), refs, assignee)
		if err == nil {
			http.Redirect(w, r, withDone(back, "reassigned"), http.StatusSeeOther)
			return nil
		}
		if errors.Is(err, fault.Invalid) {
			problems = append(problems, web.FieldError{Field: "bulk-assignee", Message: "That officer cannot work one or more of the selected cases. No cases were reassigned."})
			return h.queueWithProblems(w, r, back, problems)
		}
		if !errors.Is(err, fault.Forbidden) && !errors.Is(err, fault.Conflict) && !errors.Is(err, fault.NotFound) {
			return err
		}
		problems = append(problems, web.FieldError{Field: "select-0", Message: "You cannot reassign one or more of the selected cases. No cases were reassigned."})
	}
	return h.queueWithProblems(w, r, back, problems)
}

// queueWithProblems shows the queue the form came from with an error summary.
func (h *handler) queueWithProblems(w http.ResponseWriter, r *http.Request, back string, problems []web.FieldError) error {
	q := parseQueueQuery(queryOf(back))
	p := principal(r)
	page, err := h.Cases.Find(r.Context(), p, h.filter(p, q))
	if err != nil {
		return err
	}
	data := h.queueData(r.Context(), p, q, page)
	data.Errors = problems
	return h.page(w, r, http.StatusUnprocessableEntity, "queue", data)
}
