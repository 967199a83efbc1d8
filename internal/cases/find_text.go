package cases

import (
	"context"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// MaxTextMatches bounds a text search: it ranks and pages at most this many
// matching cases, the newest first, so its cost is the same whether a word
// is in ten cases or a million. A search with more matches says so
// (Page.ManyMatches) and asks for more words rather than counting them all.
const MaxTextMatches = 1000

// maxTextRead bounds how many rows a text search reads in all while it
// looks for MaxTextMatches the reader may find: the database applies only a
// superset of the policy (access.ScopeOf), so rows it lets through may still
// be refused. Reading stops here, and past it the search says "more than"
// however many of the rows read the reader may find: the one case where
// rows the reader may not open (more than this many of them, all newer)
// change what they see.
const maxTextRead = 64 * MaxTextMatches

// positionCursor marks a text search's cursor: its Key is a position in the
// ranked matches, not a sort key, so a queue cursor cannot be mistaken for one.
const positionCursor = -1

// findText is Find for a text search. It reads the (bounded) matches once,
// checks every one with access.Decide before anything is counted or shown,
// then cuts the page from what the reader may see: the count, the page and
// the cursor never depend on a case the reader may not open.
func (s *Service) findText(ctx context.Context, p access.Principal, q Query) (Page, error) {
	from := 0
	if q.After != nil {
		if q.After.ID != positionCursor || q.After.Key < 0 || q.After.Key > MaxTextMatches {
			return Page{}, fault.New(fault.Invalid, "bad page cursor")
		}
		from = int(q.After.Key)
	}
	limit := q.Limit
	visible, many, err := s.matches(ctx, p, q)
	if err != nil {
		return Page{}, err
	}
	page := Page{ManyMatches: many}
	page.Matches = len(visible)
	from = min(from, len(visible))
	to := min(from+limit, len(visible))
	ids := make([]int64, 0, to-from)
	for _, c := range visible[from:to] {
		ids = append(ids, c.ID)
	}
	// Only the page is read whole, and each case is decided on again as
	// read: it may have moved team since the search.
	whole, err := s.Store.CasesByID(ctx, ids)
	if err != nil {
		return Page{}, err
	}
	for _, c := range whole {
		if s.ask(p, access.ActionFind, c).Allow {
			page.Cases = append(page.Cases, c)
		}
	}
	if to < len(visible) {
		page.Next = EncodeCursor(Cursor{Key: int64(to), ID: positionCursor})
	}
	return page, nil
}

// Matches returns the cases matching f's words and filters that p may find,
// the newest MaxTextMatches of them best first, and whether more exist
// (as far as maxTextRead rows): what a search over cases, documents and
// spaces together counts and facets. Errors: fault.Invalid.
func (s *Service) Matches(ctx context.Context, p access.Principal, f Filter) ([]Case, bool, error) {
	q, err := s.query(p, f)
	if err != nil || q.Text == "" {
		return nil, false, err
	}
	return s.matches(ctx, p, q)
}

// matches reads the newest text matches in growing batches until more than
// MaxTextMatches of them pass access.Decide, or none are left: the bound is
// applied to what p may find, so a case p may not open neither fills it nor
// sets "more than". Only the fields the policy reads are filled.
func (s *Service) matches(ctx context.Context, p access.Principal, q Query) ([]Case, bool, error) {
	q.After = nil
	for q.Limit = MaxTextMatches + 1; ; q.Limit *= 4 {
		found, err := s.Store.SearchCases(ctx, q)
		if err != nil {
			return nil, false, err
		}
		visible := found[:0]
		for _, c := range found {
			if s.ask(p, access.ActionFind, c).Allow {
				visible = append(visible, c)
			}
		}
		switch {
		case len(visible) > MaxTextMatches:
			return newest(visible, MaxTextMatches), true, nil
		case len(found) < q.Limit:
			return visible, false, nil
		case q.Limit >= maxTextRead:
			return visible, true, nil
		}
	}
}

// newest keeps the n cases of highest id (the newest), in the order given.
func newest(cs []Case, n int) []Case {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	cut := ids[len(ids)-n]
	return slices.DeleteFunc(cs, func(c Case) bool { return c.ID < cut })
}
