package opendata

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// found is a dataset in a search, with what sorting needs.
type found struct {
	pkg   map[string]any
	doc   doc
	score float64
}

// packageSearch is CKAN's package_search: q, fq (and fq_list), rows,
// start, sort and facet.field, over the published datasets.
func (h *handler) packageSearch(r *http.Request, p params) (any, error) {
	rows, err := p.integer("rows", 10, 1000)
	if err != nil {
		return nil, err
	}
	start, err := p.integer("start", 0, 1<<30)
	if err != nil {
		return nil, err
	}
	match, err := searchMatcher(p)
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(p.str("q"))
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return nil, err
	}
	var hits []found
	for _, d := range all {
		pkg, err := h.packageDict(r, d)
		if err != nil {
			return nil, err
		}
		f := found{pkg: pkg, doc: docOf(pkg, d)}
		if !match(f.doc) {
			continue
		}
		if q != "" && !strings.Contains(q, ":") {
			f.score = service.TextScore(q, d.Title+" "+d.ID, strings.Join(d.Keywords, " "), d.Description)
		}
		hits = append(hits, f)
	}
	sortSpec := cmp.Or(p.str("sort"), "score desc, metadata_modified desc")
	if err := sortFound(hits, sortSpec); err != nil {
		return nil, err
	}
	results := []any{}
	for i := start; i < len(hits) && len(results) < rows; i++ {
		results = append(results, hits[i].pkg)
	}
	facets, searchFacets := facetsOf(hits, p.list("facet.field"))
	return map[string]any{"count": len(hits), "results": results, "sort": sortSpec, "facets": facets, "search_facets": searchFacets}, nil
}

// searchMatcher combines q and every fq: a dataset must match them all.
func searchMatcher(p params) (matcher, error) {
	var ms []matcher
	q := strings.TrimSpace(p.str("q"))
	if q != "" && q != "*:*" {
		if strings.Contains(q, ":") {
			m, err := parseQuery(q)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		} else {
			ms = append(ms, func(d doc) bool { return d.text(q) })
		}
	}
	fqs := append([]string{p.str("fq")}, p.list("fq_list")...)
	for _, fq := range fqs {
		if strings.TrimSpace(fq) == "" {
			continue
		}
		m, err := parseQuery(fq)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return all(ms), nil
}

// docOf indexes a package dict by the fields queries name.
func docOf(pkg map[string]any, d opendata.Dataset) doc {
	org := pkg["organization"].(map[string]any)
	fields := map[string][]string{
		"name": {d.ID}, "id": {pkg["id"].(string)}, "title": {d.Title}, "notes": {d.Description},
		"organization": {org["name"].(string)}, "owner_org": {org["id"].(string)}, "tags": d.Keywords,
		"license_id": {pkg["license_id"].(string)}, "type": {"dataset"}, "dataset_type": {"dataset"},
		"state": {"active"}, "capacity": {"public"},
	}
	for _, res := range pkg["resources"].([]any) {
		m := res.(map[string]any)
		fields["res_format"] = append(fields["res_format"], m["format"].(string))
		fields["res_name"] = append(fields["res_name"], m["name"].(string))
	}
	modified, _ := time.Parse("2006-01-02T15:04:05.000000", pkg["metadata_modified"].(string))
	text := func(q string) bool {
		return service.TextScore(q, d.Title+" "+d.ID, strings.Join(d.Keywords, " ")+" "+d.Category, d.Description) > 0
	}
	return doc{fields: fields, modified: modified, text: text}
}

// sortFound orders hits by CKAN's sort parameter: "field dir[, field dir]".
func sortFound(hits []found, spec string) error {
	type key struct {
		field string
		desc  bool
	}
	var keys []key
	for _, part := range strings.Split(spec, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		k := key{field: f[0]}
		if len(f) > 1 {
			switch strings.ToLower(f[1]) {
			case "desc":
				k.desc = true
			case "asc":
			default:
				return searchError("sort direction must be asc or desc")
			}
		}
		switch k.field {
		case "score", "name", "id", "title_string", "title", "metadata_modified", "metadata_created", "views_recent":
		default:
			return searchError("cannot sort by " + k.field)
		}
		keys = append(keys, k)
	}
	slices.SortStableFunc(hits, func(a, b found) int {
		for _, k := range keys {
			c := compareBy(k.field, a, b)
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(a.doc.fields["name"][0], b.doc.fields["name"][0])
	})
	return nil
}

func compareBy(field string, a, b found) int {
	switch field {
	case "score":
		return cmp.Compare(a.score, b.score)
	case "name":
		return cmp.Compare(a.doc.fields["name"][0], b.doc.fields["name"][0])
	case "id":
		return cmp.Compare(a.doc.fields["id"][0], b.doc.fields["id"][0])
	case "title_string", "title":
		return cmp.Compare(strings.ToLower(a.doc.fields["title"][0]), strings.ToLower(b.doc.fields["title"][0]))
	case "metadata_modified", "metadata_created":
		return a.doc.modified.Compare(b.doc.modified)
	}
	return 0
}

// facetsOf counts the values of the asked-for fields among the hits, in
// CKAN's two shapes (facets: value → count; search_facets: items).
func facetsOf(hits []found, fields []string) (map[string]any, map[string]any) {
	facets, search := map[string]any{}, map[string]any{}
	for _, f := range fields {
		counts := map[string]int{}
		for _, h := range hits {
			for _, v := range h.doc.fields[f] {
				counts[v]++
			}
		}
		items := []any{}
		for v, n := range counts {
			items = append(items, map[string]any{"name": v, "display_name": v, "count": n})
		}
		slices.SortFunc(items, func(a, b any) int {
			return cmp.Compare(b.(map[string]any)["count"].(int), a.(map[string]any)["count"].(int))
		})
		facets[f] = counts
		search[f] = map[string]any{"title": f, "items": items}
	}
	return facets, search
}
