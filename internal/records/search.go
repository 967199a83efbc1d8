package records

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// MaxSearchMatches bounds a document search: it reads at most this many
// matching documents that the reader may find, the newest first (the
// access policy's RecordScope narrows the database's read, and Decide
// checks each row read), ranks them, and counts, facets and pages only
// those. Its cost is the same whether a word is in ten documents or a
// million; a search with more matches the reader may find says so
// (Results.ManyMatches) and asks for more words or a filter rather than
// counting them all. The bound is applied to what the reader may find, never
// before: documents they may not open neither fill it nor set ManyMatches.
// A variable only so that a test can move it.
var MaxSearchMatches = 1000

// DocumentQuery is a search of filed documents: words (none lists the
// newest documents) and filters, each empty for any.
type DocumentQuery struct {
	Text           string
	ClassID        string
	Classification service.Classification
	Team           string
	// From and To bound when the document last changed: From included, To
	// not (the day after the last one wanted); zero for no bound.
	From, To time.Time
	// Access narrows the read to what the reader may find; Find sets it.
	Access access.RecordScope
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
	// Kinds is filled by Search.Find only.
	Kinds, Classes, Classifications, Teams []FacetCount
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
	visible, many, err := s.findable(ctx, p, q)
	if err != nil {
		return Results{}, err
	}
	res := Results{ManyMatches: many, Matches: len(visible), Facets: facetsOf(visible)}
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

// findable returns up to MaxSearchMatches of the newest documents matching
// q that p may find, best first, and whether more of those exist. The
// database reads only what the policy's RecordScope lets through, which is
// what Decide allows; Decide still checks each row, and a row it refuses
// is dropped without being counted either way.
func (s *Documents) findable(ctx context.Context, p access.Principal, q DocumentQuery) ([]Document, bool, error) {
	q.Access = access.RecordScopeOf(p, s.PartnerDomains)
	found, err := s.Store.SearchDocuments(ctx, q, MaxSearchMatches+1)
	if err != nil {
		return nil, false, err
	}
	spaces := map[int64]*Space{} // documents share spaces: read each once
	visible := found[:0]
	for _, d := range found {
		if s.mayFindIn(ctx, p, d, spaces) {
			visible = append(visible, d)
		}
	}
	if len(visible) <= MaxSearchMatches {
		return visible, false, nil
	}
	// The newest MaxSearchMatches, in the order found (best first).
	oldest := slices.MinFunc(visible, func(a, b Document) int { return cmp.Compare(a.ID, b.ID) }).ID
	return slices.DeleteFunc(visible, func(d Document) bool { return d.ID == oldest }), true, nil
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
	return Facets{
		Classes:         countBy(docs, func(d Document) string { return d.ClassID }),
		Classifications: countBy(docs, func(d Document) string { return string(d.Classification) }),
		Teams:           countBy(docs, func(d Document) string { return d.Team }),
	}
}

// countBy counts xs by each value of a field (an empty value is not
// counted), most first.
func countBy[T any](xs []T, value func(T) string) []FacetCount {
	n := map[string]int{}
	for _, x := range xs {
		if v := value(x); v != "" {
			n[v]++
		}
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
