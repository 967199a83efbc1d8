package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// matchColumns are what a text search reads of each match: what the access
// policy decides on (cases.Store SearchCases: a restricted person's case
// among them, or the count of matches would include it), the sort keys,
// and the reference and submission time a search result shows. Reading
// whole cases (answers, clock) for a thousand matches cost more than the
// search itself.
const matchColumns = `cases.id, cases.ref, cases.service_id, cases.team, cases.classification, cases.created_by, cases.applicant,
	cases.sharing, cases.share_ward, cases.share_party, cases.due_at, cases.submitted_at, cases.updated_at, ` +
	restrictedCases + ` AS restricted`

// SearchCases returns up to q.Limit of the newest cases matching q.Text and
// q's filters, ordered by q.Sort, with only the fields the access policy
// reads (cases.Store). The database reads at most q.Limit matches that pass
// the filters, then orders only those: the cost follows the bound, not how
// many cases hold the words (searchText).
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
	return searchText(ctx, s, textSearch{ix: caseText, text: q.Text,
		selectCols: "id, ref, service_id, team, classification, created_by, applicant, sharing, share_ward, share_party, submitted_at, restricted, candidates",
		conds:      w.and(), args: w.args, order: order, limit: pageLimit(q)}, scanMatch)
}

func scanMatch(rows *sql.Rows) (cases.Case, int, error) {
	var c cases.Case
	var applicant []byte
	var candidates int
	var submitted int64
	if err := rows.Scan(&c.ID, &c.Ref, &c.ServiceID, &c.Team, &c.Classification, &c.CreatedBy, &applicant,
		&c.Sharing.With, &c.Sharing.Ward, &c.Sharing.Party, &submitted, &c.Restricted, &candidates); err != nil {
		return c, 0, err
	}
	c.SubmittedAt = fromMicros(submitted)
	if err := unmarshalAll(applicant, &c.Applicant); err != nil {
		return c, 0, fmt.Errorf("case #%d: %w", c.ID, err)
	}
	return c, candidates, nil
}

// CasesByID returns the cases with these ids, in the order given; an id
// with no case (disposed of since it was found) is left out (cases.Store).
func (s *Store) CasesByID(ctx context.Context, ids []int64) ([]cases.Case, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	found, err := s.selectCases(ctx, "SELECT "+caseColumns+" FROM cases WHERE id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]cases.Case, len(found))
	for _, c := range found {
		byID[c.ID] = c
	}
	out := make([]cases.Case, 0, len(found))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}
