package advice

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// logLimit is how many of the latest suggestions the log page shows.
const logLimit = 200

type logPage struct {
	Records []triage.Record
}

// logGet shows what the AI suggested and what people chose, to
// administrators and auditors.
func (h *handler) logGet(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if !p.HasRole(access.RoleAdministrator, "*") && !p.HasRole(access.RoleAuditor, "*") {
		return fault.New(fault.Forbidden, "administrators and auditors only")
	}
	recs, err := h.Log.AISuggestions(r.Context(), logLimit)
	if err != nil {
		return err
	}
	return h.staff.Render(w, r, http.StatusOK, "log", logPage{Records: recs})
}
