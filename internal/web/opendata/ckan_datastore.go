package opendata

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
)

var datastoreTypes = map[string]string{
	opendata.TypeString: "text", opendata.TypeDecimal: "numeric", opendata.TypeDateTime: "timestamp", opendata.TypeDate: "date",
}

// datastoreQuery is a datastore_search request, read and checked.
type datastoreQuery struct {
	fields  []string // columns returned, "_id" among them
	filters map[string][]string
	q       string
	qByCol  map[string]string
	limit   int
	offset  int
	total   bool
}

// datastoreSearch is CKAN's datastore_search over a dataset's CSV resource:
// the rows are streamed past the filters and only the page is kept, so a
// search of any size costs the memory of one page.
func (h *handler) datastoreSearch(r *http.Request, p params) (any, error) {
	id := p.str("resource_id")
	if id == "" {
		id = p.str("id")
	}
	if id == "" {
		return nil, invalid("resource_id", "Missing value")
	}
	d, ext, ok, err := h.datasetByResource(r, id)
	if err != nil {
		return nil, err
	}
	if !ok || ext != "csv" {
		return nil, notFound(fmt.Sprintf("Resource \"%s\" was not found.", id))
	}
	dq, err := readDatastoreQuery(p, d)
	if err != nil {
		return nil, err
	}
	if h.Limiter.Check(web.ClientIP(r)) != nil {
		// CKAN has no such error type; ckanapi raises CKANAPIError for it.
		return nil, &ckanError{status: http.StatusTooManyRequests, kind: "Too Many Requests", msg: "Too many requests: try again in a few seconds"}
	}
	c := &collector{q: dq, d: d}
	if err := h.Data.Write(r.Context(), d, time.Time{}, c); err != nil {
		return nil, err
	}
	out := map[string]any{
		"resource_id": id, "fields": datastoreFields(d, dq.fields), "records": c.records,
		"limit": dq.limit, "offset": dq.offset, "_links": h.datastoreLinks(id, p, dq),
		"records_format": "objects", "include_total": dq.total,
	}
	if dq.total {
		out["total"] = c.matched
		out["total_was_estimated"] = false
	}
	return out, nil
}

func readDatastoreQuery(p params, d opendata.Dataset) (datastoreQuery, error) {
	var dq datastoreQuery
	var err error
	if dq.limit, err = p.integer("limit", 100, 32000); err != nil {
		return dq, err
	}
	if dq.offset, err = p.integer("offset", 0, 1<<30); err != nil {
		return dq, err
	}
	dq.total = p.str("include_total") == "" || p.boolean("include_total")
	names := []string{"_id"}
	for _, c := range d.Columns {
		names = append(names, c.Name)
	}
	dq.fields = names
	if f := p.list("fields"); len(f) > 0 {
		for _, n := range f {
			if !slices.Contains(names, n) {
				return dq, invalid("fields", fmt.Sprintf("field \"%s\" not in table", n))
			}
		}
		dq.fields = f
	}
	if s := strings.TrimSpace(p.str("sort")); s != "" && s != "_id" && s != "_id asc" {
		return dq, invalid("sort", "only \"_id asc\" is supported: rows are streamed in the order they were received")
	}
	if dq.filters, err = readFilters(p, names); err != nil {
		return dq, err
	}
	if m, err := p.object("q"); err == nil && m != nil {
		dq.qByCol = map[string]string{}
		for k, v := range m {
			dq.qByCol[k] = fmt.Sprint(v)
		}
	} else {
		dq.q = p.str("q")
	}
	return dq, nil
}

func readFilters(p params, names []string) (map[string][]string, error) {
	m, err := p.object("filters")
	if err != nil || m == nil {
		return nil, err
	}
	out := map[string][]string{}
	for k, v := range m {
		if !slices.Contains(names, k) {
			return nil, invalid("filters", fmt.Sprintf("field \"%s\" not in table", k))
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				out[k] = append(out[k], jsonText(e))
			}
		default:
			out[k] = []string{jsonText(x)}
		}
	}
	return out, nil
}

// jsonText is a filter value as the cell's text: numbers without a
// trailing ".0", so filters {"size": 2} and {"size": "2"} agree.
func jsonText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func datastoreFields(d opendata.Dataset, want []string) []any {
	var out []any
	for _, n := range want {
		if n == "_id" {
			out = append(out, map[string]any{"id": "_id", "type": "int"})
			continue
		}
		for _, c := range d.Columns {
			if c.Name == n {
				out = append(out, map[string]any{"id": n, "type": datastoreTypes[c.Datatype], "info": map[string]any{"label": c.Title}})
			}
		}
	}
	return out
}

func (h *handler) datastoreLinks(id string, p params, dq datastoreQuery) map[string]any {
	v := url.Values{"resource_id": {id}}
	if dq.limit != 100 {
		v.Set("limit", strconv.Itoa(dq.limit))
	}
	start := "/api/3/action/datastore_search?" + v.Encode()
	v.Set("offset", strconv.Itoa(dq.offset+dq.limit))
	return map[string]any{"start": start, "next": "/api/3/action/datastore_search?" + v.Encode()}
}

// collector is a RowWriter that keeps only the matching rows of the page.
type collector struct {
	q       datastoreQuery
	d       opendata.Dataset
	n       int // rows seen, the _id of the current one
	matched int
	records []any
}

func (c *collector) Row(vals []opendata.Value) error {
	c.n++
	if !c.matches(vals) {
		return nil
	}
	c.matched++
	if c.matched <= c.q.offset || len(c.records) >= c.q.limit {
		return nil
	}
	rec := map[string]any{}
	for _, f := range c.q.fields {
		if f == "_id" {
			rec["_id"] = c.n
			continue
		}
		for i, col := range c.d.Columns {
			if col.Name == f {
				rec[f] = cellJSON(vals[i])
			}
		}
	}
	c.records = append(c.records, rec)
	return nil
}

func (c *collector) Close() error { return nil }

func (c *collector) matches(vals []opendata.Value) bool {
	for i, col := range c.d.Columns {
		if want, ok := c.q.filters[col.Name]; ok && !slices.Contains(want, vals[i].Text) {
			return false
		}
		if t, ok := c.q.qByCol[col.Name]; ok && !containsFold(vals[i].Text, t) {
			return false
		}
	}
	if ids, ok := c.q.filters["_id"]; ok && !slices.Contains(ids, strconv.Itoa(c.n)) {
		return false
	}
	if c.q.q == "" {
		return true
	}
	for _, v := range vals {
		if containsFold(v.Text, c.q.q) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func cellJSON(v opendata.Value) any {
	switch {
	case v.Null:
		return nil
	case v.Number:
		return json.Number(v.Text)
	}
	return v.Text
}
