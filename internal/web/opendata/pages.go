package opendata

import (
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// datasetSummary is a dataset as the catalogue lists it.
type datasetSummary struct {
	opendata.Dataset
	URL string
}

type cataloguePage struct {
	Datasets []datasetSummary
	Base     string
}

func (h *handler) catalogue(w http.ResponseWriter, r *http.Request) error {
	p := cataloguePage{Base: h.base(r)}
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return err
	}
	for _, d := range all {
		p.Datasets = append(p.Datasets, datasetSummary{Dataset: d, URL: "/open-data/" + d.ID})
	}
	return h.render.Render(w, r, http.StatusOK, "catalogue", p)
}

// link is a downloadable file as a page lists it.
type link struct {
	Text, Href, Note string
}

type datasetPage struct {
	opendata.Dataset
	Rows       int
	Modified   time.Time
	Files      []link
	Today      string
	Statistics string
}

func (h *handler) datasetPage(w http.ResponseWriter, r *http.Request, d opendata.Dataset) error {
	v, err := h.Data.Version(r.Context(), d, time.Time{})
	if err != nil {
		return err
	}
	p := datasetPage{Dataset: d, Rows: v.Rows, Statistics: "/statistics/" + d.ID,
		Today: time.Now().Format("2006-01-02")}
	p.Modified = v.Modified
	base := "/open-data/" + d.ID
	rowNote := web.T(r, "one row for each request; opens in a spreadsheet")
	if d.Uploaded() {
		rowNote = web.T(r, "opens in a spreadsheet")
		p.Statistics = ""
	}
	p.Files = []link{
		{Text: "CSV", Href: base + ".csv", Note: rowNote},
		{Text: web.T(r, "CSV on the Web metadata"), Href: base + ".csv-metadata.json", Note: web.T(r, "what each column of the CSV holds (JSON)")},
		{Text: "Table Schema", Href: base + ".schema.json", Note: web.T(r, "the same, for Frictionless Data tools (JSON)")},
		{Text: "JSON", Href: base + ".json"},
	}
	if d.HasLocation() {
		p.Files = append(p.Files, link{Text: "GeoJSON", Href: base + ".geojson", Note: web.T(r, "for maps")})
	}
	return h.render.Render(w, r, http.StatusOK, "dataset", p)
}

// ukTime is a time as GOV.UK writes it: "2 March 2026 at 10:00am".
func ukTime(t time.Time) string {
	l := t.In(workday.London)
	return l.Format("2 January 2006") + " at " + l.Format("3:04pm")
}
