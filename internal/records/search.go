package records

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// MaxSearchMatches bounds a document search: it reads at most this many
// matching documents, the newest first, ranks them, checks each against
// the access policy, and counts, facets and pages only those the reader
// may find. Its cost is the same whether a word is in ten documents or a
// million; a search with more matches says so (Results.ManyMatches) and
// asks for more words or a filter rather than counting them all.
const MaxSearchMatches = 1000

// DocumentQuery is a search of filed documents: words (none lists the
// newest documents) and filters, each empty for any.
type DocumentQuery struct {
	Text           string
	ClassID        string
	Classification service.Classification
	Team           string
	// Limit is the page size; 0 gives 50.
	Limit int
}

// Results is the first page of a document search, with what the reader may
// know of the rest: how many of the bounded matches they may find, and how
// those fall by file plan class, classification and team.
type Results struct {
	Hits []Hit
	// Matches counts the matches the reader may find, among at most
	// MaxSearchMatches read; ManyMatches says more were not read.
	Matches     int
	ManyMatches bool
	Facets      Facets
}

// Facets count the matches a reader may find by each value of a field,
// most first.
type Facets struct {
	Classes, Classifications, Teams []FacetCount
}

// FacetCount is how many matches hold one value of a field.
type FacetCount struct {
	Value string
	Count int
}

// Find searches documents for p. Every match read passes the access policy
// before it is counted, faceted or shown, so no count, facet, title or
// snippet depends on a document p may not find; snippets are made for the
// page only.
func (s *Documents) Find(ctx context.Context, p access.Principal, q DocumentQuery) (Results, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	found, err := s.Store.SearchDocuments(ctx, q, MaxSearchMatches+1)
	if err != nil {
		return Results{}, err
	}
	res := Results{ManyMatches: len(found) > MaxSearchMatches}
	found = found[:min(len(found), MaxSearchMatches)]
	spaces := map[int64]*Space{} // documents share spaces: read each once
	visible := found[:0]
	for _, d := range found {
		if s.mayFindIn(ctx, p, d, spaces) {
			visible = append(visible, d)
		}
	}
	res.Matches, res.Facets = len(visible), facetsOf(visible)
	page := visible[:min(len(visible), q.Limit)]
	snippets := map[int64]string{}
	if strings.TrimSpace(q.Text) != "" && len(page) > 0 {
		ids := make([]int64, len(page))
		for i, d := range page {
			ids[i] = d.ID
		}
		if snippets, err = s.Store.DocumentSnippets(ctx, q.Text, ids); err != nil {
			return Results{}, err
		}
	}
	for _, d := range page {
		snippet, ok := snippets[d.ID]
		if !ok {
			snippet = d.Description
		}
		res.Hits = append(res.Hits, Hit{Document: d, Snippet: snippet})
	}
	return res, nil
}

// mayFindIn says whether p may find d, reading d's space (whose members
// the policy needs) once per search.
func (s *Documents) mayFindIn(ctx context.Context, p access.Principal, d Document, spaces map[int64]*Space) bool {
	space, ok := spaces[d.SpaceID]
	if !ok {
		var err error
		if space, err = s.spaceOf(ctx, d); err != nil {
			return false
		}
		spaces[d.SpaceID] = space
	}
	return access.Decide(p, access.ActionFind, d.resource(space, s.PartnerDomains)).Allow
}

func facetsOf(docs []Document) Facets {
	count := func(value func(Document) string) []FacetCount {
		n := map[string]int{}
		for _, d := range docs {
			n[value(d)]++
		}
		out := make([]FacetCount, 0, len(n))
		for v, c := range n {
			out = append(out, FacetCount{Value: v, Count: c})
		}
		slices.SortFunc(out, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		return out
	}
	return Facets{
		Classes:         count(func(d Document) string { return d.ClassID }),
		Classifications: count(func(d Document) string { return string(d.Classification) }),
		Teams:           count(func(d Document) string { return d.Team }),
	}
}
