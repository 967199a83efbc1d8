package opendata

import (
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/search"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathSearch is the residents' one search box.
const PathSearch = "/open-data/search"

// kindLabels name each kind of result, for the filter and each result.
var kindLabels = map[search.Kind]string{
	search.KindService: "Services",
	search.KindReport:  "Reports near the postcode",
	search.KindData:    "Open data and figures",
	search.KindAnswer:  "Answers to information requests",
}

type kindFilter struct {
	Value, Label string
	Count        int
	Checked      bool
}

type searchHit struct {
	search.Hit
	KindLabel string
	Reported  string // a report's date, as people write it
}

type searchPage struct {
	Query, Near     string
	Searched        bool
	Results         search.Results
	Filters         []kindFilter
	Hits            []searchHit
	From, To        int
	Pages           web.Pagination
	UnknownPostcode string
}

// search is one box over services, open data, the disclosure log and
// public reports near a postcode (internal/search). A GET form with a
// filter and numbered pages: nothing needs JavaScript.
func (h *handler) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q := search.Query{Text: v.Get("q"), Near: v.Get("near"), Kind: search.Kind(v.Get("show")), Page: web.PageNumber(r)}
	p := searchPage{Query: q.Text, Near: q.Near, Searched: q.Text != "" || q.Near != ""}
	if !p.Searched {
		return h.render.Render(w, r, http.StatusOK, "search", p)
	}
	res, err := h.Search.Search(r.Context(), q)
	if err != nil {
		return err
	}
	p.Results, p.UnknownPostcode = res, res.UnknownPostcode
	p.Filters = append(p.Filters, kindFilter{Label: "All results", Checked: q.Kind == ""})
	for _, k := range search.Kinds {
		p.Filters[0].Count += res.Counts[k]
		p.Filters = append(p.Filters, kindFilter{Value: string(k), Label: kindLabels[k], Count: res.Counts[k], Checked: q.Kind == k})
	}
	for _, hit := range res.Hits {
		sh := searchHit{Hit: hit, KindLabel: kindLabels[hit.Kind]}
		if hit.Report != nil {
			sh.Reported = hit.Report.SubmittedAt.In(londonZone).Format("2 January 2006")
		}
		p.Hits = append(p.Hits, sh)
	}
	if len(p.Hits) > 0 {
		p.From = (res.Page-1)*search.PerPage + 1
		p.To = p.From + len(p.Hits) - 1
	}
	p.Pages = web.Pages(PathSearch, url.Values{"q": {q.Text}, "near": {q.Near}, "show": {string(q.Kind)}}, res.Page, res.Pages)
	return h.render.Render(w, r, http.StatusOK, "search", p)
}
