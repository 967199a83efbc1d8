package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// where accumulates a WHERE clause and its arguments side by side; values
// are always arguments, never interpolated.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ?, …)" for a non-empty list.
func (w *where) in(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	w.add(col+" IN ("+placeholders(len(vals))+")", anys(vals)...)
}

// and is the conditions as an " AND …" clause, to follow another condition.
func (w *where) and() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

// sortSpec is the column and direction of a queue order.
func sortSpec(s cases.Sort) (col string, desc bool) {
	switch s {
	case cases.SortSubmitted:
		return "submitted_at", true
	case cases.SortUpdated:
		return "updated_at", true
	}
	return "due_at", false
}

// FindCases returns up to q.Limit cases matching q after q.After, in q.Sort
// order. Paging is by (sort key, id), never by offset, and nothing counts
// the whole result.
func (s *Store) FindCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	w := queueWhere(q, s.d)
	col, desc := sortSpec(q.Sort)
	cmp, dir := ">", "ASC"
	if desc {
		cmp, dir = "<", "DESC"
	}
	if q.After != nil {
		w.add(fmt.Sprintf("(%s %s ? OR (%s = ? AND id %s ?))", col, cmp, col, cmp), q.After.Key, q.After.Key, q.After.ID)
	}
	query := "SELECT " + caseColumns + " FROM cases" + w.sql() +
		fmt.Sprintf(" ORDER BY %s %s, id %s LIMIT ?", col, dir, dir)
	return s.selectCases(ctx, query, append(w.args, pageLimit(q))...)
}

func pageLimit(q cases.Query) int {
	if q.Limit <= 0 {
		return 50
	}
	return q.Limit
}

// queueWhere is every filter of q but its text and cursor, the access
// superset first.
func queueWhere(q cases.Query, d dialect) where {
	var w where
	accessWhere(&w, q.Access, d)
	w.in("team", q.Teams)
	w.in("service_id", q.ServiceIDs)
	w.in("state", q.States)
	switch {
	case q.Unassigned:
		w.add("assignee = ''")
	case q.Assignee != "":
		w.add("assignee = ?", q.Assignee)
	}
	switch {
	case q.Overdue:
		w.add(overdueWhere(""), micros(q.Now))
	case q.Open:
		w.add("closed_at IS NULL")
	}
	if q.DueBefore != nil {
		w.add("due_at < ?", micros(*q.DueBefore))
	}
	return w
}

// accessWhere applies the policy superset the case service computed.
func accessWhere(w *where, a access.Scope, d dialect) {
	if a.OfficialOnly {
		w.add("classification = ?", string(service.Official))
	}
	if a.ApplicantEmail != "" {
		w.add(d.applicantEmail()+" = ?", a.ApplicantEmail)
	}
	switch {
	case a.CreatedBy != "" && a.SharedWard != "":
		w.add(`(created_by = ? OR (LOWER(share_ward) = ? AND (sharing = 'ward' OR (sharing = 'party' AND LOWER(share_party) = ?))))`,
			a.CreatedBy, a.SharedWard, a.SharedParty)
	case a.CreatedBy != "":
		w.add("created_by = ?", a.CreatedBy)
	}
	if a.All {
		return
	}
	var alts []string
	var args []any
	if len(a.Teams) > 0 {
		alts = append(alts, "team IN ("+placeholders(len(a.Teams))+")")
		args = append(args, anys(a.Teams)...)
	}
	if len(a.ServiceIDs) > 0 {
		alts = append(alts, "service_id IN ("+placeholders(len(a.ServiceIDs))+")")
		args = append(args, anys(a.ServiceIDs)...)
	}
	if a.AllOfficial {
		alts = append(alts, "classification = ?")
		args = append(args, string(service.Official))
	}
	if len(alts) == 0 {
		w.add("1 = 0") // nothing granted
		return
	}
	w.add("("+strings.Join(alts, " OR ")+")", args...)
}

func (s *Store) selectCases(ctx context.Context, q string, args ...any) ([]cases.Case, error) {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", err)
	}
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OverdueCases returns open, unpaused cases due before now whose overdue
// notification is not yet queued, soonest due first.
func (s *Store) OverdueCases(ctx context.Context, now time.Time, limit int) ([]cases.Case, error) {
	return s.selectCases(ctx, "SELECT "+caseColumns+` FROM cases
		WHERE `+overdueWhere("")+` AND `+s.d.notOverdueNotified()+`
		ORDER BY due_at LIMIT ?`, micros(now), limit)
}

// overdueWhere is the one SQL statement of when a case is overdue: open,
// not paused, and past its due instant (cases.Case.Overdue says the same
// of a case in memory). The queue's filter, the overdue notifications and
// the statistics all use it, with the instant as its one argument; alias
// qualifies the columns in a query that names the table ("c.").
func overdueWhere(alias string) string {
	return alias + "closed_at IS NULL AND " + alias + "paused_since IS NULL AND " + alias + "due_at < ?"
}
