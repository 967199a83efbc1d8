package opendata

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// hit is one search result, of any kind.
type hit struct {
	Title, URL, Summary string
}

type searchPage struct {
	Query       string
	Services    []hit
	Datasets    []hit
	Disclosures []hit
	MoreAnswers string // link to the rest of the matching answers
	Searched    bool
}

// search is one box over services, data sets and the disclosure log, with
// the typo tolerance of the service search. No JavaScript: a GET form.
func (h *handler) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := searchPage{Query: q, Searched: q != ""}
	if q == "" {
		return h.render.Render(w, r, http.StatusOK, "search", p)
	}
	if c := h.Services.Load(); c != nil {
		for i, res := range c.Search(q, service.AudiencePublic) {
			if i == 5 {
				break
			}
			p.Services = append(p.Services, hit{Title: res.Service.Name, URL: "/services/" + res.Service.ID, Summary: res.Service.Summary})
		}
	}
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return err
	}
	p.Datasets = searchDatasets(all, q)
	res, err := h.Data.Disclosures(r.Context(), q, 1, 5)
	if err != nil {
		return err
	}
	for _, e := range res.Entries {
		p.Disclosures = append(p.Disclosures, hit{Title: "Request " + e.Ref, URL: "/disclosure-log/" + e.Ref, Summary: e.Request})
	}
	if res.Total > len(res.Entries) {
		p.MoreAnswers = "/disclosure-log?q=" + url.QueryEscape(q)
	}
	return h.render.Render(w, r, http.StatusOK, "search", p)
}

func searchDatasets(all []opendata.Dataset, q string) []hit {
	type scored struct {
		hit
		score float64
	}
	var found []scored
	for _, d := range all {
		var cols []string
		for _, c := range d.Columns {
			cols = append(cols, c.Title)
		}
		s := service.TextScore(q, d.Title+" "+d.ID, strings.Join(d.Keywords, " ")+" "+d.Category, d.Description+" "+strings.Join(cols, " "))
		if s > 0 {
			found = append(found, scored{hit{Title: d.Title, URL: "/open-data/" + d.ID, Summary: d.Description}, s})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	out := make([]hit, len(found))
	for i, f := range found {
		out[i] = f.hit
	}
	return out
}
