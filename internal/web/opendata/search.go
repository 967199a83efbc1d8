package opendata

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/search"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathSearch is the residents' one search box.
const PathSearch = "/open-data/search"

// kindLabels name each kind of result, for the filter and each result.
var kindLabels = map[search.Kind]string{
	search.KindService: lang.N("Services"),
	search.KindReport:  lang.N("Reports near the postcode"),
	search.KindData:    lang.N("Open data and figures"),
	search.KindAnswer:  lang.N("Answers to information requests"),
}

type kindFilter struct {
	Value, Label string
	Count        int
	Checked      bool
}

type searchHit struct {
	search.Hit
	KindLabel string
	// Lang is "en" for a result whose text has no Welsh, on a Welsh page.
	Lang lang.Tag
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
	p.Filters = append(p.Filters, kindFilter{Label: web.T(r, "All results"), Checked: q.Kind == ""})
	for _, k := range search.Kinds {
		p.Filters[0].Count += res.Counts[k]
		p.Filters = append(p.Filters, kindFilter{Value: string(k), Label: web.T(r, kindLabels[k]), Count: res.Counts[k], Checked: q.Kind == k})
	}
	for _, hit := range res.Hits {
		p.Hits = append(p.Hits, h.hitIn(r, hit))
	}
	if len(p.Hits) > 0 {
		p.From = (res.Page-1)*search.PerPage + 1
		p.To = p.From + len(p.Hits) - 1
	}
	p.Pages = web.Pages(PathSearch, url.Values{"q": {q.Text}, "near": {q.Near}, "show": {string(q.Kind)}}, res.Page, res.Pages)
	return h.render.Render(w, r, http.StatusOK, "search", p)
}

// hitIn is a result as the resident reads it: the platform's own pages and
// services offered in their language in it; anything else (a data set's or
// an answer's own words) as it was written, marked English on a Welsh page.
func (h *handler) hitIn(r *http.Request, hit search.Hit) searchHit {
	sh := searchHit{Hit: hit, KindLabel: web.T(r, kindLabels[hit.Kind])}
	l := web.LangOf(r)
	if l != lang.Welsh {
		return sh
	}
	if id, ok := strings.CutPrefix(hit.URL, "/services/"); ok && h.Services != nil && hit.Kind == search.KindService {
		if d, ok := h.Services.Load().Get(id); ok && d.Offers(l) {
			d = d.In(l)
			sh.Title, sh.Summary = d.Name, d.Summary
			return sh
		}
	}
	if cy := web.T(r, hit.Title); cy != hit.Title {
		sh.Title, sh.Summary = cy, web.T(r, hit.Summary)
	} else {
		sh.Lang = lang.English
	}
	return sh
}
