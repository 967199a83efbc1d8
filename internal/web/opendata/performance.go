package opendata

import (
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/lang"
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
	// Labels name each month, and Cells give each month's figures, in the
	// page's language.
	Labels []string
	Cells  [][]string
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
		for _, m := range s.Months {
			ps.Labels = append(ps.Labels, monthLabel(r, m.Month, "January 2006"))
			var row []string
			for _, f := range s.Figures {
				row = append(row, cellText(r, m, f))
			}
			ps.Cells = append(ps.Cells, row)
		}
		for i, f := range s.Figures {
			ps.Charts = append(ps.Charts, figureChart(r, ps, i, f))
		}
		p.Services = append(p.Services, ps)
	}
	return h.render.Render(w, r, http.StatusOK, "performance", p)
}

// monthLabel writes a month (YYYY-MM) in the request's language.
func monthLabel(r *http.Request, month, layout string) string {
	t, err := time.ParseInLocation("2006-01", month, lang.London)
	if err != nil {
		return month
	}
	return web.LangOf(r).Format(t, layout)
}

// cellText is figure f of month m as the page shows it: the number, or why
// it is not shown, in the request's language.
func cellText(r *http.Request, m opendata.MonthStats, f opendata.Figure) string {
	if _, shown := m.Number(f); shown {
		return m.Value(f)
	}
	switch f {
	case opendata.FigureReceived:
		return web.T(r, "fewer than %d", m.Received.Below)
	case opendata.FigureClosed:
		return web.T(r, "fewer than %d", m.Closed.Below)
	}
	return web.T(r, "not shown")
}

// figureChart draws figure i (f) of a service month by month; a withheld
// figure has no bar, and its bar's title says why.
func figureChart(r *http.Request, s performanceService, i int, f opendata.Figure) web.BarChart {
	points := make([]web.ChartPoint, len(s.Months))
	for j, m := range s.Months {
		n, shown := m.Number(f)
		short := []rune(monthLabel(r, m.Month, "January"))
		points[j] = web.ChartPoint{Short: string(short[:min(3, len(short))]),
			Values: []web.ChartValue{{N: n, Hidden: !shown, Text: s.Labels[j] + ": " + s.Cells[j][i]}}}
	}
	desc := web.T(r, "Bar chart from %s to %s. A month whose figure is not shown has no bar. The table after the charts gives every figure.", s.Labels[0], s.Labels[len(s.Labels)-1])
	label := web.T(r, f.Label())
	title := web.T(r, "%s: %s each month", s.ServiceName, label)
	if f.Percent() {
		title = web.T(r, "%s: %s each month (per cent)", s.ServiceName, label)
	}
	return web.NewBarChart(s.ServiceID+"-"+string(f), title, desc, []string{label}, points)
}

// performanceCSV writes one service's table exactly as the page shows it
// (/performance/{id}.csv), its CSV on the Web metadata
// (/performance/{id}.csv-metadata.json) or its Table Schema
// (/performance/{id}.schema.json).
func (h *handler) performanceCSV(w http.ResponseWriter, r *http.Request) error {
	id, ext := splitExt(r.PathValue("file"))
	if ext != "csv" && ext != "csv-metadata.json" && ext != "schema.json" {
		return errNoFile(r.PathValue("file"))
	}
	s, err := h.Data.PerformanceOf(r.Context(), id)
	if err != nil {
		return err
	}
	return h.tableFile(w, ext, s.Table(), PathPerformance+"/"+id+".csv", func() error { return writePerformanceCSV(w, id, s) })
}

func writePerformanceCSV(w http.ResponseWriter, id string, s opendata.ServicePerformance) error {
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
