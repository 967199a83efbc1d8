package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type reportPage struct {
	cases.PublicReport
	// Lat and Lng are the point as published (rounded by the service's
	// publish block), written for people.
	Lat, Lng string
	// Contact is the follow form's box; Errors its error summary.
	Contact web.Field
	Errors  []web.FieldError
	// Map shows the report's point when scripts run and tiles are configured.
	Map *reportsMap
}

// FieldErrors lists the follow form's errors for the summary and the title.
func (p reportPage) FieldErrors() []web.FieldError { return p.Errors }

// reportGet shows a public report as anyone may see it: its service,
// status, the place in the reporter's words with personal details removed,
// the point rounded as the service publishes it, and its status changes.
// Notes are never shown (they were written to the reporter), and a case
// that is not a public report is "not found", like one that does not exist.
func (h *handler) reportGet(w http.ResponseWriter, r *http.Request) error {
	return h.renderReport(w, r, http.StatusOK, "", nil)
}
