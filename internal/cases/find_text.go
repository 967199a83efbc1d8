package cases

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// MaxTextMatches bounds a text search: it ranks and pages at most this many
// matching cases, the newest first, so its cost is the same whether a word
// is in ten cases or a million. A search with more matches says so
// (Page.ManyMatches) and asks for more words rather than counting them all.
const MaxTextMatches = 1000

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
	q.After, q.Limit = nil, MaxTextMatches+1
	found, err := s.Store.SearchCases(ctx, q)
	if err != nil {
		return Page{}, err
	}
	page := Page{ManyMatches: len(found) > MaxTextMatches}
	found = found[:min(len(found), MaxTextMatches)]
	visible := found[:0]
	for _, c := range found {
		if s.ask(p, access.ActionFind, c).Allow {
			visible = append(visible, c)
		}
	}
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
