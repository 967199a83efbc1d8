package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// matchColumns are what a text search reads of each match: what the access
// policy decides on (cases.Store SearchCases) and the sort keys. Reading
// whole cases (answers, clock) for a thousand matches cost more than the
// search itself.
const matchColumns = `cases.id, cases.service_id, cases.team, cases.classification, cases.created_by, cases.applicant,
	cases.sharing, cases.share_ward, cases.share_party, cases.due_at, cases.submitted_at, cases.updated_at`

// SearchCases returns up to q.Limit of the newest cases matching q.Text and
// q's filters, ordered by q.Sort, with only the fields the access policy
// reads (cases.Store). The database reads at most q.Limit matches that pass
// the filters, then orders only those: the cost follows the bound, not how
// many cases hold the words. Where the dialect estimates first
// (PostgreSQL), a rarer word's matches are all read through the index, and
// if the estimate was wrong (more than commonWordMatches) the search is
// run again as for a common word.
func (s *Store) SearchCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	common, err := s.commonWords(ctx, q.Text)
	if err != nil {
		return nil, err
	}
	found, candidates, err := s.searchCases(ctx, q, common)
	if err != nil || common || s.d.matchEstimate() == "" {
		return found, err
	}
	if len(found) == 0 { // no row to carry the count
		if err := s.queryRowRead(ctx, s.d.matchCount(), s.d.textArg(q.Text)).Scan(&candidates); err != nil {
			return nil, fmt.Errorf("search cases: %w", err)
		}
	}
	if candidates <= commonWordMatches {
		return found, nil
	}
	found, _, err = s.searchCases(ctx, q, true)
	return found, err
}

// commonWords says whether the planner estimates the words of text to be
// in more than commonWordMatches cases; false where the dialect decides in
// its query (SQLite).
func (s *Store) commonWords(ctx context.Context, text string) (bool, error) {
	if s.d.matchEstimate() == "" {
		return false, nil
	}
	var plan []byte
	if err := s.queryRowRead(ctx, s.d.matchEstimate(), s.d.textArg(text)).Scan(&plan); err != nil {
		return false, fmt.Errorf("search cases: estimate: %w", err)
	}
	var explained []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &explained); err != nil || len(explained) != 1 {
		return false, fmt.Errorf("search cases: estimate: %q: %v", plan, err)
	}
	return explained[0].Plan.Rows > float64(commonWordMatches), nil
}

// searchCases is one search for SearchCases, with the number of matches
// the dialect read whole (0 when it walked them newest first).
func (s *Store) searchCases(ctx context.Context, q cases.Query, common bool) ([]cases.Case, int, error) {
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
	query := "SELECT id, service_id, team, classification, created_by, applicant, sharing, share_ward, share_party, candidates FROM (" +
		s.d.caseMatches(w.and(), common) + ") matches ORDER BY " + order
	args := append(s.d.caseMatchArgs(q.Text), w.args...)
	rows, err := s.queryRead(ctx, query, append(args, pageLimit(q))...)
	if err != nil {
		return nil, 0, fmt.Errorf("search cases: %w", err)
	}
	defer rows.Close()
	var out []cases.Case
	candidates := 0
	for rows.Next() {
		var c cases.Case
		var applicant []byte
		if err := rows.Scan(&c.ID, &c.ServiceID, &c.Team, &c.Classification, &c.CreatedBy, &applicant,
			&c.Sharing.With, &c.Sharing.Ward, &c.Sharing.Party, &candidates); err != nil {
			return nil, 0, err
		}
		if err := unmarshalAll(applicant, &c.Applicant); err != nil {
			return nil, 0, fmt.Errorf("case #%d: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, candidates, rows.Err()
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
