package records

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathAPISearch is the JSON API's search over cases, documents and spaces.
const PathAPISearch = "/api/v1/records/search"

// searchPageSize is how many things a page of the search shows.
const searchPageSize = 20

type searchPage struct {
	Query, Kind, Class, Classification, Team, From, To web.Field
	Errors                                             []web.FieldError
	Searched                                           bool
	Words                                              string
	Matches                                            int
	ManyMatches                                        bool
	Facets                                             []facetGroup
	Filters                                            []facetLink
	Results                                            []searchRow
	Pagination                                         web.Pagination
}

type searchRow struct {
	Kind, URL, Title, Class, Classification, Team, Date string
	Snippet                                             []snipPart
}

// kindNames are what the page calls each kind of thing.
var kindNames = map[string]string{records.KindCase: "Case", records.KindDocument: "Document", records.KindSpace: "Space"}

// searchFilters are the search's filters: the query parameter and the
// field of the facets that narrow by it, in the facets' order.
var searchFilters = []struct{ param, name string }{{"type", "Type"}, {"class", "File plan class"}, {"classification", "Classification"}, {"team", "Team"}}

func (h *handler) searchPage(w http.ResponseWriter, r *http.Request) error {
	q, p, err := h.searchQuery(r)
	if err != nil {
		return err
	}
	if len(p.Errors) == 0 && q.Text != "" {
		res, err := h.Search.Find(r.Context(), principal(r), q)
		if err != nil {
			return err
		}
		p.Searched, p.Words, p.Matches, p.ManyMatches = true, q.Text, res.Matches, res.ManyMatches
		for _, it := range res.Items {
			p.Results = append(p.Results, searchRow{Kind: kindNames[string(it.Kind)], URL: itemURL(it), Title: it.Title,
				Class: h.classTitle(it.ClassID), Classification: string(it.Classification), Team: it.Team, Date: date(it.At),
				Snippet: parseSnippet(it.Snippet)})
		}
		f := res.Facets
		p.Facets, p.Filters = h.facets(r, PathSearch, searchFilters, [][]records.FacetCount{f.Kinds, f.Classes, f.Classifications, f.Teams})
		p.Pagination = searchPagination(r, q.Start, res.Matches)
	}
	return h.render.Render(w, r, http.StatusOK, "search", p)
}

// searchQuery reads a search from the URL, with the page's fields.
func (h *handler) searchQuery(r *http.Request) (records.Query, *searchPage, error) {
	v := r.URL.Query()
	start, _ := strconv.Atoi(v.Get("start"))
	q := records.Query{Text: strings.TrimSpace(v.Get("q")), Kind: records.Kind(v.Get("type")), ClassID: v.Get("class"),
		Classification: service.Classification(v.Get("classification")), Team: strings.TrimSpace(v.Get("team")), Start: start, Limit: searchPageSize}
	p := &searchPage{
		Query: web.Field{ID: "q", Label: "Words", Value: q.Text, Hint: "Words from a case, a document's title or text, or a space's name"},
		Kind: web.Field{ID: "type", Label: "Type", Value: v.Get("type"), Options: []web.Option{{Value: "", Label: "Cases, documents and spaces"},
			{Value: records.KindCase, Label: "Cases"}, {Value: records.KindDocument, Label: "Documents"}, {Value: records.KindSpace, Label: "Spaces"}}},
		Class: web.Field{ID: "class", Label: "File plan class", Value: q.ClassID, Options: []web.Option{{Value: "", Label: "Any class"}}},
		Classification: web.Field{ID: "classification", Label: "Classification", Value: v.Get("classification"), Options: []web.Option{
			{Value: "", Label: "Any classification"}, {Value: string(service.Official), Label: "OFFICIAL"}, {Value: string(service.OfficialSensitive), Label: "OFFICIAL-SENSITIVE"}}},
		Team: web.Field{ID: "team", Label: "Team", Value: q.Team, Width: "20", NoSpellcheck: true},
	}
	for _, c := range h.Documents.Plan.Classes() {
		p.Class.Options = append(p.Class.Options, web.Option{Value: c.ID, Label: c.ID + " " + c.Title})
	}
	var ok bool
	if p.From, q.From, ok = dateFilter(v, "from", "From", false); !ok {
		p.Errors = append(p.Errors, web.FieldError{Field: "from-day", Message: p.From.Error})
	}
	if p.To, q.To, ok = dateFilter(v, "to", "To", true); !ok {
		p.Errors = append(p.Errors, web.FieldError{Field: "to-day", Message: p.To.Error})
	}
	return q, p, nil
}

// dateFilter reads a date filter's boxes as the start of that day in
// London, or of the day after it (after, for a bound that includes the day).
func dateFilter(v url.Values, id, label string, after bool) (web.Field, time.Time, bool) {
	f := web.Field{ID: id, Label: label, Hint: "For example, 27 3 2026", Date: web.DateParts{Day: v.Get(id + "-day"), Month: v.Get(id + "-month"), Year: v.Get(id + "-year")}}
	d, given, ok := f.Date.Date()
	switch {
	case !given:
		return f, time.Time{}, true
	case !ok:
		f.Error = label + " must be a real date, like 27 3 2026"
		return f, time.Time{}, false
	}
	if after {
		d = d.AddDate(0, 0, 1)
	}
	return f, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, london), true
}

func itemURL(it records.Item) string {
	switch it.Kind {
	case records.KindCase:
		return "/workspace/cases/" + url.PathEscape(it.Ref)
	case records.KindDocument:
		return docURL(it.ID)
	}
	return spaceURL(it.ID)
}

func searchPagination(r *http.Request, start, matches int) web.Pagination {
	var p web.Pagination
	at := func(n int) string {
		v := r.URL.Query()
		if n <= 0 {
			v.Del("start")
		} else {
			v.Set("start", strconv.Itoa(n))
		}
		return PathSearch + "?" + v.Encode()
	}
	if start > 0 {
		p.Previous = at(start - searchPageSize)
	}
	if start+searchPageSize < matches {
		p.Next = at(start + searchPageSize)
	}
	return p
}

func (h *handler) apiSearchAll(w http.ResponseWriter, r *http.Request) error {
	q, _, err := h.searchQuery(r)
	if err != nil {
		return err
	}
	if q.From, q.To, err = apiDates(r.URL.Query()); err != nil {
		return err
	}
	res, err := h.Search.Find(r.Context(), principal(r), q)
	if err != nil {
		return err
	}
	items := []map[string]any{}
	for _, it := range res.Items {
		items = append(items, map[string]any{"type": it.Kind, "id": it.ID, "reference": it.Ref, "title": it.Title, "class": it.ClassID,
			"classification": it.Classification, "team": it.Team, "date": it.At.UTC().Format(time.RFC3339), "snippet": it.Snippet})
	}
	f := res.Facets
	return writeJSON(w, http.StatusOK, map[string]any{"results": items, "matches": res.Matches, "many_matches": res.ManyMatches,
		"facets": map[string]any{"type": facetsJSON(f.Kinds), "class": facetsJSON(f.Classes), "classification": facetsJSON(f.Classifications), "team": facetsJSON(f.Teams)}})
}

// apiDates reads the API's from and to, each a day YYYY-MM-DD in London,
// to included. Errors: fault.Invalid.
func apiDates(v url.Values) (from, to time.Time, err error) {
	var errs service.FieldErrors
	for _, b := range []struct {
		param string
		into  *time.Time
		after int
	}{{"from", &from, 0}, {"to", &to, 1}} {
		if s := v.Get(b.param); s != "" {
			d, perr := time.ParseInLocation(time.DateOnly, s, london)
			if perr != nil {
				errs = append(errs, service.FieldError{Field: b.param, Message: b.param + " must be a date like 2026-03-27"})
			}
			*b.into = d.AddDate(0, 0, b.after)
		}
	}
	return from, to, errs.Err()
}
