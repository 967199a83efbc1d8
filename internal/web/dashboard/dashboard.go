package dashboard

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
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
// dashboard with the same query, exactly as the page shows it; and beside
// it, for the same query, the table's CSV on the Web metadata
// ({table}.csv-metadata.json, named in the CSV's Link header) and Table
// Schema ({table}.schema.json), as every CSV Guildhall publishes has.
func (h *handler) dashboardCSV(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("table")
	var table, ext string
	for _, e := range []string{".csv-metadata.json", ".schema.json", ".csv"} {
		if t, ok := strings.CutSuffix(file, e); ok {
			table, ext = t, e
			break
		}
	}
	if ext == "" {
		return fault.New(fault.NotFound, "no page %q", file)
	}
	d, err := h.Statistics.Dashboard(r.Context(), web.PrincipalFrom(r.Context()), request(r))
	if err != nil {
		return err
	}
	var t csvTable
	switch table {
	case "trend":
		t = trendTable(d)
	default:
		i := slices.IndexFunc(breakdowns(d), func(b breakdown) bool { return b.ID == table })
		if i < 0 {
			return fault.New(fault.NotFound, "no table %q", table)
		}
		t = breakdownTable(breakdowns(d)[i])
	}
	query := ""
	if r.URL.RawQuery != "" {
		query = "?" + r.URL.RawQuery
	}
	w.Header().Set("Cache-Control", "private, no-store")
	switch ext {
	case ".csv-metadata.json":
		return writeJSON(w, "application/csvm+json", t.Dataset.CSVWMetadata(pathDashboard+"/"+table+".csv"+query, "", time.Time{}))
	case ".schema.json":
		return writeJSON(w, "application/json", t.Dataset.TableSchema())
	}
	w.Header().Set("Link", "<"+pathDashboard+"/"+table+".csv-metadata.json"+query+`>; rel="describedby"; type="application/csvm+json"`)
	return writeCSV(w, "statistics-"+table+".csv", t.Rows)
}

// csvTable is a dashboard table as a CSV: its columns (which give the
// header row, the CSV on the Web metadata and the Table Schema) and rows.
type csvTable struct {
	opendata.Dataset
	Rows [][]string
}

func (t *csvTable) column(name, title, datatype string) {
	t.Columns = append(t.Columns, opendata.Column{Name: name, Title: title, Datatype: datatype, Required: true})
}

// header is the CSV's first row, the columns' names.
func (t csvTable) header() []string {
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Name
	}
	return head
}

func trendTable(d statistics.Dashboard) csvTable {
	t := csvTable{Dataset: opendata.Dataset{ID: "statistics-trend", Title: "Cases received and closed each " + string(d.Trend)}}
	t.column("period_start", "First day of the week or month (UK time)", opendata.TypeDate)
	t.column("period", "The week or month", opendata.TypeString)
	t.column("received", "Cases received in it", opendata.TypeInteger)
	t.column("closed", "Cases closed in it", opendata.TypeInteger)
	t.Rows = [][]string{t.header()}
	for _, p := range d.Points {
		t.Rows = append(t.Rows, []string{p.Start.Format("2006-01-02"), p.Label, strconv.Itoa(p.Received), strconv.Itoa(p.Closed)})
	}
	return t
}

// breakdownTable is a breakdown's CSV: a row per line. The table by ward
// adds the ward's code, its median days to close (empty when none closed)
// and its statutory responses.
func breakdownTable(b breakdown) csvTable {
	t := csvTable{Dataset: opendata.Dataset{ID: "statistics-" + b.ID, Title: "Cases " + strings.ToLower(b.Caption)}}
	t.column(b.ID, b.Column, opendata.TypeString)
	t.column("received", "Cases received in the period", opendata.TypeInteger)
	t.column("closed", "Cases closed in the period", opendata.TypeInteger)
	t.column("open", "Cases open now", opendata.TypeInteger)
	t.column("overdue", "Cases overdue now", opendata.TypeInteger)
	if b.Ward {
		t.column("ward_code", "The ward's code in the wards file (empty: no ward)", opendata.TypeString)
		t.column("median_days_to_close", "Median whole days to close of the cases closed in the period (empty: none closed)", opendata.TypeInteger)
		t.column("responses_in_time", "Responses sent in the period by the deadline", opendata.TypeInteger)
		t.column("responses_late", "Responses sent in the period after the deadline", opendata.TypeInteger)
		t.Columns[5].Required, t.Columns[6].Required = false, false
	}
	t.Rows = [][]string{t.header()}
	for _, l := range b.Lines {
		row := []string{l.Label, strconv.Itoa(l.Received), strconv.Itoa(l.Closed), strconv.Itoa(l.Open), strconv.Itoa(l.Overdue)}
		if b.Ward {
			days := ""
			if l.DaysToClose.Of > 0 {
				days = strconv.Itoa(l.DaysToClose.Value)
			}
			row = append(row, l.Key, days, strconv.Itoa(l.Met), strconv.Itoa(l.Missed))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func writeJSON(w http.ResponseWriter, contentType string, v any) error {
	w.Header().Set("Content-Type", contentType)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeCSV sends rows through csvsafe, so that a team or service name that
// starts with "=" cannot become a formula in a spreadsheet.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csvsafe.NewWriter(w)
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
