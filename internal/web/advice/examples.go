package advice

import (
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// examplesPerPage is how many training examples one page lists.
const examplesPerPage = 50

// AuditExampleDeleted is the audit action of a training example removed.
const AuditExampleDeleted = "ai.example.delete"

type examplesPage struct {
	Examples []triage.Correction
	Names    map[string]string // service id → name
	Next     string            // the next page's address, "" on the last
	Deleted  bool
}

// examplesGet lists officers' routing decisions, the triage model's
// training examples, newest first, for an administrator to review: text
// kept there is personal data the patterns may have missed.
func (h *handler) examplesGet(w http.ResponseWriter, r *http.Request) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ex, err := h.Log.TriageCorrections(r.Context(), before, examplesPerPage+1)
	if err != nil {
		return err
	}
	page := examplesPage{Examples: ex, Names: map[string]string{}, Deleted: r.URL.Query().Get("deleted") == "1"}
	if len(ex) > examplesPerPage {
		page.Examples = ex[:examplesPerPage]
		page.Next = pathExamples + "?before=" + strconv.FormatInt(page.Examples[examplesPerPage-1].ID, 10)
	}
	for _, d := range h.catalog().All() {
		page.Names[d.ID] = d.Name
	}
	return h.admin.Render(w, r, http.StatusOK, "route_examples", page)
}

// exampleDelete removes one example, audited, and retrains the model so
// that it forgets it.
func (h *handler) exampleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return fault.New(fault.NotFound, "training example")
	}
	p := principal(r)
	if err := h.Log.DeleteCorrection(r.Context(), id, audit.Entry{Actor: p.UserID, Action: AuditExampleDeleted}); err != nil {
		return err
	}
	if h.Triage != nil {
		h.Triage.Kick()
	}
	http.Redirect(w, r, pathExamples+"?deleted=1", http.StatusSeeOther)
	return nil
}

// administratorsOnly keeps a page to administrators.
func administratorsOnly(f web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !principal(r).HasRole(access.RoleAdministrator, "*") {
			return fault.New(fault.Forbidden, "administrators only")
		}
		return f(w, r)
	}
}
