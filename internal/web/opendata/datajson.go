package opendata

import (
	"net/http"
	"time"
)

// dataJSON serves the catalogue as a data.json file (the Project Open Data
// shape of DCAT), which CKAN's "DCAT JSON" harvester reads. That harvester
// asks for ?page=2, 3 … until a page is empty: everything is on page 1.
func (h *handler) dataJSON(w http.ResponseWriter, r *http.Request) error {
	base := h.base(r)
	datasets := []any{}
	if p := r.URL.Query().Get("page"); p == "" || p == "1" {
		all, err := h.Data.Datasets(r.Context())
		if err != nil {
			return err
		}
		for _, d := range all {
			v, err := h.Data.Version(r.Context(), d, time.Time{})
			if err != nil {
				return err
			}
			page := base + "/open-data/" + d.ID
			var dists []any
			for _, f := range distributions(d) {
				dists = append(dists, map[string]any{"@type": "dcat:Distribution", "title": d.Title + " (" + f.name + ")",
					"downloadURL": page + "." + f.ext, "accessURL": page + "." + f.ext, "mediaType": f.mediaType, "format": f.name})
			}
			ds := map[string]any{"@type": "dcat:Dataset", "identifier": page, "title": d.Title, "description": d.Description,
				"keyword": nonNil(d.Keywords), "publisher": map[string]any{"@type": "org:Organization", "name": h.Data.Publisher},
				"accessLevel": "public", "license": licenceIRI(d), "landingPage": page, "theme": []string{d.Category},
				"distribution": dists, "accrualPeriodicity": "R/PT1S"}
			if !v.Modified.IsZero() {
				ds["modified"] = v.Modified.UTC().Format(time.RFC3339)
			}
			if h.Data.Contact != "" {
				ds["contactPoint"] = map[string]any{"@type": "vcard:Contact", "fn": h.Data.Publisher, "hasEmail": "mailto:" + h.Data.Contact}
			}
			datasets = append(datasets, ds)
		}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	return writeJSON(w, "application/json", map[string]any{
		"@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld", "@type": "dcat:Catalog",
		"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": datasets})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
