package dashboard

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type dashboardPage struct {
	statistics.Dashboard
	Heading   string
	Chart     web.BarChart
	Breakdown []breakdown
	// CSV is each table's download, by table id, asking for the same figures.
	CSV map[string]string
}

// breakdown is one table of the dashboard, with its CSV. The table by ward
// also gives each ward's time to close and statutory responses.
type breakdown struct {
	ID, Caption, Column string
	Lines               []statistics.Line
	Ward                bool
}

func request(r *http.Request) statistics.Request {
	q := r.URL.Query()
	return statistics.Request{ServiceID: q.Get("service"), Team: q.Get("team"), Trend: statistics.Trend(q.Get("trend"))}
}

func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := h.Statistics.Dashboard(r.Context(), web.PrincipalFrom(r.Context()), request(r))
	if err != nil {
		return err
	}
	p := dashboardPage{Dashboard: d, Heading: heading(d), Chart: trendChart(d), Breakdown: breakdowns(d)}
	q := url.Values{"trend": {string(d.Trend)}}
	if d.ServiceID != "" {
		q.Set("service", d.ServiceID)
	}
	if d.Team != "" {
		q.Set("team", d.Team)
	}
	p.CSV = map[string]string{"trend": pathDashboard + "/trend.csv?" + q.Encode()}
	for _, b := range p.Breakdown {
		p.CSV[b.ID] = pathDashboard + "/" + b.ID + ".csv?" + q.Encode()
	}
	return h.render.Render(w, r, http.StatusOK, "dashboard", p)
}

func heading(d statistics.Dashboard) string {
	switch {
	case d.ServiceID != "":
		for _, c := range d.Services {
			if c.ID == d.ServiceID {
				return c.Name
			}
		}
		return d.ServiceID
	case d.Team != "":
		return "Team " + d.Team
	}
	return "All the services you can see"
}

func breakdowns(d statistics.Dashboard) []breakdown {
	out := []breakdown{
		{ID: "service", Caption: "By service", Column: "Service", Lines: d.ByService},
		{ID: "category", Caption: "By category", Column: "Category", Lines: d.ByCategory},
		{ID: "team", Caption: "By team", Column: "Team", Lines: d.ByTeam},
		{ID: "channel", Caption: "By channel", Column: "Channel", Lines: d.ByChannel},
	}
	if d.ServiceID != "" { // one service: by service and by category say nothing more
		out = out[2:]
	}
	if d.ByWard != nil { // nil when the council has no wards configured and no case has one
		out = append(out, breakdown{ID: "ward", Caption: "By ward", Column: "Ward", Lines: d.ByWard, Ward: true})
	}
	return out
}

// dashboardCSV serves /workspace/statistics/{table}.csv: one table of the
// dashboard with the same query, exactly as the page shows it.
func (h *handler) dashboardCSV(w http.ResponseWriter, r *http.Request) error {
	table, ok := strings.CutSuffix(r.PathValue("table"), ".csv")
	if !ok {
		return fault.New(fault.NotFound, "no page %q", r.PathValue("table"))
	}
	d, err := h.Statistics.Dashboard(r.Context(), web.PrincipalFrom(r.Context()), request(r))
	if err != nil {
		return err
	}
	var rows [][]string
	switch table {
	case "trend":
		rows = append(rows, []string{"period_start", "period", "received", "closed"})
		for _, p := range d.Points {
			rows = append(rows, []string{p.Start.Format("2006-01-02"), p.Label, strconv.Itoa(p.Received), strconv.Itoa(p.Closed)})
		}
	default:
		i := -1
		bs := breakdowns(d)
		for j, b := range bs {
			if b.ID == table {
				i = j
			}
		}
		if i < 0 {
			return fault.New(fault.NotFound, "no table %q", table)
		}
		rows = breakdownRows(bs[i])
	}
	return writeCSV(w, "statistics-"+table+".csv", rows)
}

// breakdownRows are a breakdown's CSV: a header, then a row per line. The
// table by ward adds the ward's code, its median days to close (empty when
// none closed) and its statutory responses.
func breakdownRows(b breakdown) [][]string {
	head := []string{b.ID, "received", "closed", "open", "overdue"}
	if b.Ward {
		head = append(head, "ward_code", "median_days_to_close", "responses_in_time", "responses_late")
	}
	rows := [][]string{head}
	for _, l := range b.Lines {
		row := []string{l.Label, strconv.Itoa(l.Received), strconv.Itoa(l.Closed), strconv.Itoa(l.Open), strconv.Itoa(l.Overdue)}
		if b.Ward {
			days := ""
			if l.DaysToClose.Of > 0 {
				days = strconv.Itoa(l.DaysToClose.Value)
			}
			row = append(row, l.Key, days, strconv.Itoa(l.Met), strconv.Itoa(l.Missed))
		}
		rows = append(rows, row)
	}
	return rows
}

// writeCSV sends rows through csvsafe, so that a team or service name that
// starts with "=" cannot become a formula in a spreadsheet.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	cw := csvsafe.NewWriter(w)
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
