package opendata

import (
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type statisticsListPage struct {
	Services []datasetSummary
}

func (h *handler) statisticsList(w http.ResponseWriter, r *http.Request) error {
	var p statisticsListPage
	for _, d := range h.Data.StatisticsServices() {
		p.Services = append(p.Services, datasetSummary{Dataset: d, URL: "/statistics/" + d.ID})
	}
	return h.render.Render(w, r, http.StatusOK, "statistics_list", p)
}

type statisticsPage struct {
	opendata.ServiceStats
	CSV string
	// Labels name each of Months in the page's language: "Mawrth 2026".
	Labels []string
}

// statistics serves /statistics/{id} (the page) and /statistics/{id}.csv
// (the same figures as a file).
func (h *handler) statistics(w http.ResponseWriter, r *http.Request) error {
	id, ext := splitExt(r.PathValue("file"))
	st, err := h.Data.Statistics(r.Context(), id)
	if err != nil {
		return err
	}
	switch ext {
	case "":
		p := statisticsPage{ServiceStats: st, CSV: "/statistics/" + id + ".csv"}
		for _, m := range st.Months {
			label := m.Month
			if start, err := time.Parse("2006-01", m.Month); err == nil {
				label = web.LangOf(r).Format(start, "January 2006")
			}
			p.Labels = append(p.Labels, label)
		}
		return h.render.Render(w, r, http.StatusOK, "statistics", p)
	case "csv", "csv-metadata.json", "schema.json":
		return h.tableFile(w, ext, st.Table(), "/statistics/"+id+".csv", func() error { return writeStatisticsCSV(w, id, st) })
	}
	return errNoFile(r.PathValue("file"))
}

// tableFile serves a published CSV at csvURL (ext "csv", written by csv,
// with a Link to its metadata, as the catalogue's files have), its CSV on
// the Web metadata (ext "csv-metadata.json") or its Table Schema (ext
// "schema.json"), all described by d.
func (h *handler) tableFile(w http.ResponseWriter, ext string, d opendata.Dataset, csvURL string, csv func() error) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch ext {
	case "csv-metadata.json":
		return writeJSON(w, "application/csvm+json", d.CSVWMetadata(h.Data.BaseURL+csvURL, h.Data.Publisher, time.Time{}))
	case "schema.json":
		return writeJSON(w, "application/json", d.TableSchema())
	}
	w.Header().Set("Link", `<`+csvURL+`-metadata.json>; rel="describedby"; type="application/csvm+json"`)
	return csv()
}

// writeStatisticsCSV writes exactly the table the page shows, with hidden
// counts as the page words them.
func writeStatisticsCSV(w http.ResponseWriter, id string, st opendata.ServiceStats) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+id+`-statistics.csv"`)
	cw := csvsafe.NewWriter(w)
	var head []string
	for _, c := range st.Table().Columns {
		head = append(head, c.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, m := range st.Months {
		row := []string{m.Month, m.Received.String(), m.Closed.String(), m.MedianDays}
		if st.HasClock {
			row = append(row, m.Met.String(), m.Missed.String(), m.Percent)
		}
		row = append(row, m.Rated.String(), m.Satisfied)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
