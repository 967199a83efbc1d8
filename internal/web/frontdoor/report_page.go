package frontdoor

import (
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

type reportPage struct {
	cases.PublicReport
	// Lat and Lng are the point as published (rounded by the service's
	// publish block), written for people.
	Lat, Lng string
}

// reportGet shows a public report as anyone may see it: its service,
// status, the place in the reporter's words with personal details removed,
// the point rounded as the service publishes it, and its status changes.
// Notes are never shown (they were written to the reporter), and a case
// that is not a public report is "not found", like one that does not exist.
func (h *handler) reportGet(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Cases.Report(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	page := reportPage{PublicReport: rep}
	if rep.HasPoint {
		page.Lat = strconv.FormatFloat(rep.Point.Lat, 'f', -1, 64)
		page.Lng = strconv.FormatFloat(rep.Point.Lng, 'f', -1, 64)
	}
	return h.rd.Render(w, r, http.StatusOK, "report", page)
}
