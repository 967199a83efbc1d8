package platform

import (
	"context"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// savedSearchCap bounds how many cases and how many documents a saved
// search hold lists; a search that finds more holds everything until it
// is narrowed (records.SearchFunc).
const savedSearchCap = 5000

// savedSearch evaluates saved-search holds through the one access-filtered
// search of cases (the queue's full-text search) and of documents, as the
// platform itself: a hold must cover what the words find, not only what
// its placer may open, and only records managers see what it blocked.
func (p *Platform) savedSearch(ctx context.Context, words string) ([]records.HoldTarget, bool, error) {
	var out []records.HoldTarget
	f := cases.Filter{Query: words, Limit: 200}
	for {
		page, err := p.Cases.Find(ctx, access.System, f)
		if err != nil {
			return nil, false, err
		}
		for _, c := range page.Cases {
			out = append(out, records.HoldTarget{Kind: records.HoldCase, Target: c.Ref})
		}
		if len(out) > savedSearchCap {
			return out, true, nil
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	hits, err := p.Documents.Search(ctx, access.System, words, savedSearchCap+1)
	if err != nil {
		return nil, false, err
	}
	for _, h := range hits {
		out = append(out, records.HoldTarget{Kind: records.HoldDocument, Target: strconv.FormatInt(h.Document.ID, 10)})
	}
	return out, len(hits) > savedSearchCap, nil
}
