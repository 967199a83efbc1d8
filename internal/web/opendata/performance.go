package opendata

import (
	"fmt"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathPerformance is the public performance page.
const PathPerformance = "/performance"

type performancePage struct {
	Threshold int
	Services  []performanceService
}

type performanceService struct {
	opendata.ServicePerformance
	Charts []web.BarChart
	CSV    string
}

func (h *handler) performance(w http.ResponseWriter, r *http.Request) error {
	all, err := h.Data.Performance(r.Context())
	if err != nil {
		return err
	}
	p := performancePage{Threshold: h.Data.Threshold()}
	for _, s := range all {
		ps := performanceService{ServicePerformance: s, CSV: PathPerformance + "/" + s.ServiceID + ".csv"}
		for _, f := range s.Figures {
			ps.Charts = append(ps.Charts, figureChart(s, f))
		}
		p.Services = append(p.Services, ps)
	}
	return h.render.Render(w, r, http.StatusOK, "performance", p)
}

// figureChart draws one figure of a service month by month; a withheld
// figure has no bar, and its bar's title says why.
func figureChart(s opendata.ServicePerformance, f opendata.Figure) web.BarChart {
	points := make([]web.ChartPoint, len(s.Months))
	for i, m := range s.Months {
		n, shown := m.Number(f)
		points[i] = web.ChartPoint{Short: m.Short(), Values: []web.ChartValue{{N: n, Hidden: !shown, Text: m.Label() + ": " + m.Value(f)}}}
	}
	first, last := s.Months[0].Label(), s.Months[len(s.Months)-1].Label()
	desc := fmt.Sprintf("Bar chart from %s to %s. A month whose figure is not shown has no bar. The table after the charts gives every figure.", first, last)
	title := s.ServiceName + ": " + f.Label() + " each month"
	if f.Percent() {
		title += " (per cent)"
	}
	return web.NewBarChart(s.ServiceID+"-"+string(f), title, desc, []string{f.Label()}, points)
}

// performanceCSV writes one service's table exactly as the page shows it
// (/performance/{id}.csv), or its CSV on the Web metadata
// (/performance/{id}.csv-metadata.json).
func (h *handler) performanceCSV(w http.ResponseWriter, r *http.Request) error {
	id, ext := splitExt(r.PathValue("file"))
	if ext != "csv" && ext != "csv-metadata.json" {
		return errNoFile(r.PathValue("file"))
	}
	s, err := h.Data.PerformanceOf(r.Context(), id)
	if err != nil {
		return err
	}
	csvURL := PathPerformance + "/" + id + ".csv"
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if ext != "csv" {
		return writeJSON(w, "application/csvm+json", s.Table().CSVWMetadata(h.Data.BaseURL+csvURL, h.Data.Publisher, time.Time{}))
	}
	w.Header().Set("Link", `<`+csvURL+`-metadata.json>; rel="describedby"; type="application/csvm+json"`)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+id+`-performance.csv"`)
	cw := csvsafe.NewWriter(w)
	head := []string{"month"}
	for _, f := range s.Figures {
		head = append(head, string(f))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, m := range s.Months {
		row := []string{m.Month}
		for _, f := range s.Figures {
			row = append(row, m.Value(f))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
