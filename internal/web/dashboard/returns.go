package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type returnsPage struct {
	Services []statistics.Choice
}

// returns lists the statutory services whose quarterly return the reader
// may see.
func (h *handler) returns(w http.ResponseWriter, r *http.Request) error {
	svc, err := h.Statistics.ReturnServices(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "returns", returnsPage{Services: svc})
}

type quarterlyPage struct {
	statistics.Quarterly
	CSV string
}

// quarterly serves /workspace/statistics/returns/{service}[.csv]?quarter=2026-Q1.
func (h *handler) quarterly(w http.ResponseWriter, r *http.Request) error {
	id, csv := strings.CutSuffix(r.PathValue("file"), ".csv")
	q, err := h.Statistics.Quarterly(r.Context(), web.PrincipalFrom(r.Context()), id, r.URL.Query().Get("quarter"))
	if err != nil {
		return err
	}
	if csv {
		return writeCSV(w, id+"-"+q.Quarter.String()+".csv", quarterlyRows(q))
	}
	return h.render.Render(w, r, http.StatusOK, "quarterly", quarterlyPage{Quarterly: q,
		CSV: pathReturns + "/" + id + ".csv?quarter=" + q.Quarter.String()})
}

// quarterlyRows is the return as a figure per line, the shape a council
// pastes into its report.
func quarterlyRows(q statistics.Quarterly) [][]string {
	rows := [][]string{{"quarter", "figure", "value"},
		{q.Quarter.String(), "Requests received", strconv.Itoa(q.Received)},
		{q.Quarter.String(), "Responses sent in time", strconv.Itoa(q.Met)},
		{q.Quarter.String(), "Responses sent late", strconv.Itoa(q.Missed)},
		{q.Quarter.String(), "Percentage in time", q.PercentInTime()},
		{q.Quarter.String(), "Extensions", strconv.Itoa(q.Extended)},
	}
	for _, o := range q.Outcomes {
		for _, c := range o.Choices {
			rows = append(rows, []string{q.Quarter.String(), o.Question + ": " + c.Label, strconv.Itoa(c.Count)})
		}
	}
	for _, e := range q.Exemptions {
		rows = append(rows, []string{q.Quarter.String(), "Exemption cited: " + e.Label, strconv.Itoa(e.Count)})
	}
	return rows
}
