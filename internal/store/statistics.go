package store

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// The aggregates behind the officers' dashboards (docs/statistics.md). Each
// query groups in the database and returns counts, so memory stays flat
// however many cases there are.

// StatisticsGroups implements statistics.Store.
func (s *Store) StatisticsGroups(ctx context.Context) ([]statistics.Group, error) {
	rows, err := s.queryRead(ctx, `SELECT DISTINCT service_id, team, classification FROM cases`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []statistics.Group
	for rows.Next() {
		var g statistics.Group
		var class string
		if err := rows.Scan(&g.ServiceID, &g.Team, &class); err != nil {
			return nil, err
		}
		g.Classification = service.Classification(class)
		out = append(out, g)
	}
	return out, rows.Err()
}

// groupsWhere limits rows (of the cases table, as alias c) to the groups
// the reader may count, leaving out restricted persons' cases (no statistic
// counts them while the restriction lasts); no group matches nothing.
func groupsWhere(w *where, groups []statistics.Group) {
	if len(groups) == 0 {
		w.add("1 = 0")
		return
	}
	alts := make([]string, len(groups))
	var args []any
	for i, g := range groups {
		alts[i] = "(c.service_id = ? AND c.team = ? AND c.classification = ?)"
		args = append(args, g.ServiceID, g.Team, string(g.Classification))
	}
	w.add("("+strings.Join(alts, " OR ")+")", args...)
	w.add(unrestrictedCase("c."))
}

// StatisticsCounts implements statistics.Store.
func (s *Store) StatisticsCounts(ctx context.Context, q statistics.Query) (statistics.Counts, error) {
	var c statistics.Counts
	from, to, now := micros(q.From), micros(q.To), micros(q.Now)
	var err error
	if c.Rows, err = s.statisticsRows(ctx, q.Groups, from, to, now); err != nil {
		return c, err
	}
	hours := func(col string) ([]statistics.HourCount, error) {
		var w where
		groupsWhere(&w, q.Groups)
		w.add("c."+col+" >= ? AND c."+col+" < ?", from, to)
		var out []statistics.HourCount
		err := s.pairs(ctx, "SELECT c."+col+" / 3600000000, COUNT(*) FROM cases c"+w.sql()+" GROUP BY 1", w.args, func(a, n int64) {
			out = append(out, statistics.HourCount{Hour: a, Count: int(n)})
		})
		return out, err
	}
	if c.Received, err = hours("submitted_at"); err != nil {
		return c, err
	}
	if c.Closed, err = hours("closed_at"); err != nil {
		return c, err
	}
	var w where
	groupsWhere(&w, q.Groups)
	w.add("c.closed_at >= ? AND c.closed_at < ?", from, to)
	if err := s.pairs(ctx, "SELECT (c.closed_at - c.submitted_at) / 86400000000, COUNT(*) FROM cases c"+w.sql()+" GROUP BY 1", w.args, bins(&c.CloseDays)); err != nil {
		return c, err
	}
	if err := s.firstActions(ctx, q.Groups, from, to, &c); err != nil {
		return c, err
	}
	return c, s.outcomeCounts(ctx, q, &c)
}

func (s *Store) statisticsRows(ctx context.Context, groups []statistics.Group, from, to, now int64) ([]statistics.Row, error) {
	var w where
	groupsWhere(&w, groups)
	// Only cases that can count: open now, or received or closed in the period.
	w.add("(c.closed_at IS NULL OR c.closed_at >= ? OR c.submitted_at >= ?)", from, from)
	args := append([]any{from, to, from, to, now}, w.args...)
	rows, err := s.queryRead(ctx, `SELECT c.service_id, c.team, c.channel,
		SUM(CASE WHEN c.submitted_at >= ? AND c.submitted_at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.closed_at >= ? AND c.closed_at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+overdueWhere("c.")+` THEN 1 ELSE 0 END)
		FROM cases c`+w.sql()+` GROUP BY c.service_id, c.team, c.channel`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []statistics.Row
	for rows.Next() {
		var r statistics.Row
		if err := rows.Scan(&r.ServiceID, &r.Team, &r.Channel, &r.Received, &r.Closed, &r.Open, &r.Overdue); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// firstActions counts cases received in the period by hours to the first
// transition, note or assignment made by a person (not the platform). The
// correlated MIN reads each case's events through case_events_case.
func (s *Store) firstActions(ctx context.Context, groups []statistics.Group, from, to int64, c *statistics.Counts) error {
	var w where
	groupsWhere(&w, groups)
	w.add("c.submitted_at >= ? AND c.submitted_at < ?", from, to)
	q := `SELECT CASE WHEN f.first IS NULL THEN -1 ELSE (f.first - f.submitted_at) / 3600000000 END, COUNT(*) FROM (
		SELECT c.submitted_at, (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id
			AND e.kind IN ('transitioned', 'note', 'assigned') AND e.actor <> 'system') AS first
		FROM cases c` + w.sql() + `) f GROUP BY 1`
	return s.pairs(ctx, q, w.args, bins(&c.FirstActionHours))
}

// outcomeCounts counts the clock outcomes recorded in the period; a case
// deleted under its retention rule takes its outcome out of the figures,
// as its team can no longer be known.
func (s *Store) outcomeCounts(ctx context.Context, q statistics.Query, c *statistics.Counts) error {
	var w where
	groupsWhere(&w, q.Groups)
	w.add("o.clock = ? AND o.done_at >= ? AND o.done_at < ?", q.Clock, micros(q.From), micros(q.To))
	return s.pairs(ctx, "SELECT CASE WHEN o.met THEN 1 ELSE 0 END, COUNT(*) FROM case_clock_outcomes o JOIN cases c ON c.id = o.case_id"+w.sql()+" GROUP BY 1",
		w.args, func(met, n int64) {
			if met == 1 {
				c.Met += int(n)
			} else {
				c.Missed += int(n)
			}
		})
}

func bins(dst *[]statistics.Bin) func(v, n int64) {
	return func(v, n int64) { *dst = append(*dst, statistics.Bin{Value: int(v), Count: int(n)}) }
}

// pairs runs a query of two integer columns and hands each row to fn.
func (s *Store) pairs(ctx context.Context, q string, args []any, fn func(a, b int64)) error {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

// StatisticsTransitions implements statistics.Store.
func (s *Store) StatisticsTransitions(ctx context.Context, q statistics.TransitionQuery, fn func(string, service.Answers) error) error {
	var w where
	groupsWhere(&w, q.Groups)
	w.add("e.kind = 'transitioned' AND e.at >= ? AND e.at < ?", micros(q.From), micros(q.To))
	if len(q.Transitions) == 0 {
		return nil
	}
	w.in("e.transition", q.Transitions)
	rows, err := s.queryRead(ctx, "SELECT e.transition, e.fields FROM case_events e JOIN cases c ON c.id = e.case_id"+w.sql(), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var transition string
		var raw []byte
		if err := rows.Scan(&transition, &raw); err != nil {
			return err
		}
		var fields service.Answers
		if err := unmarshalAll(raw, &fields); err != nil {
			return err
		}
		if err := fn(transition, fields); err != nil {
			return err
		}
	}
	return rows.Err()
}
