package store

import (
	"context"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// SearchCases returns up to q.Limit of the newest cases matching q.Text and
// q's filters, ordered by q.Sort (cases.Store). The database reads at most
// q.Limit matches that pass the filters, then orders only those: the cost
// follows the page, not how many cases hold the words.
func (s *Store) SearchCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	w := queueWhere(q, s.d)
	order := "text_rank, id DESC"
	if q.Sort != cases.SortRelevance {
		col, desc := sortSpec(q.Sort)
		dir := "ASC"
		if desc {
			dir = "DESC"
		}
		order = fmt.Sprintf("%s %s, id %s", col, dir, dir)
	}
	query := "SELECT " + caseColumns + " FROM (" + s.d.caseMatches(w.and()) + ") matches ORDER BY " + order
	args := append(s.d.caseMatchArgs(q.Text), w.args...)
	return s.selectCases(ctx, query, append(args, pageLimit(q))...)
}
