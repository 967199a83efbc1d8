package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// The aggregates behind the officers' dashboards (docs/statistics.md). Each
// query groups in the database and returns counts, so memory stays flat
// however many cases there are.

// StatisticsGroups implements statistics.Store, from the kept counts
// rather than the cases.
func (s *Store) StatisticsGroups(ctx context.Context) ([]statistics.Group, error) {
	rows, err := s.queryRead(ctx, `SELECT DISTINCT service_id, team, classification FROM case_stat_counts WHERE n > 0`)
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

// groupsOnly limits rows (of a table with service_id, team and
// classification, as alias a) to the groups the reader may count; no
// group matches nothing.
func groupsOnly(w *where, groups []statistics.Group, a string) {
	if len(groups) == 0 {
		w.add("1 = 0")
		return
	}
	alts := make([]string, len(groups))
	var args []any
	for i, g := range groups {
		alts[i] = "(" + a + "service_id = ? AND " + a + "team = ? AND " + a + "classification = ?)"
		args = append(args, g.ServiceID, g.Team, string(g.Classification))
	}
	w.add("("+strings.Join(alts, " OR ")+")", args...)
}

// groupsWhere is groupsOnly on the cases table (alias c), leaving out
// restricted persons' cases (no statistic counts them while the
// restriction lasts).
func groupsWhere(w *where, groups []statistics.Group) {
	groupsOnly(w, groups, "c.")
	w.add(unrestrictedCase("c."))
}

// restrictedCounts are the counts of restricted persons' cases, each with
// n -1, found from people_restrictions so that only those cases are read.
// Its columns are those of case_stat_counts.
const restrictedCounts = `SELECT c.service_id, c.team, c.classification, c.channel, c.ward, 'received' AS kind, c.submitted_at / 3600000000 AS hour,
		CASE WHEN c.first_action_at IS NULL THEN -1 ELSE (c.first_action_at - c.submitted_at) / 3600000000 END AS value, -1 AS n
		FROM people_restrictions pr JOIN cases c ON c.ref = substr(pr.record_key, 6)
		WHERE pr.record_key LIKE 'case:%' AND pr.request_ref <> c.ref
	UNION ALL SELECT c.service_id, c.team, c.classification, c.channel, c.ward, 'closed', c.closed_at / 3600000000,
		(c.closed_at - c.submitted_at) / 86400000000, -1
		FROM people_restrictions pr JOIN cases c ON c.ref = substr(pr.record_key, 6)
		WHERE pr.record_key LIKE 'case:%' AND pr.request_ref <> c.ref AND c.closed_at IS NOT NULL
	UNION ALL SELECT c.service_id, c.team, c.classification, c.channel, c.ward, 'open', c.due_at / 3600000000,
		CASE WHEN c.paused_since IS NULL THEN 0 ELSE 1 END, -1
		FROM people_restrictions pr JOIN cases c ON c.ref = substr(pr.record_key, 6)
		WHERE pr.record_key LIKE 'case:%' AND pr.request_ref <> c.ref AND c.closed_at IS NULL`

// statCounts is what the dashboards count from, as alias k: the counts the
// triggers of migrations 0077 and 0082 keep in case_stat_counts that w (on alias k)
// selects, less those of restricted persons' cases (no statistic counts
// them while the restriction lasts). w is applied inside each part so that
// the kept counts are read through their index.
func statCounts(w where) (string, []any) {
	const cols = "k.service_id, k.team, k.classification, k.channel, k.ward, k.kind, k.hour, k.value, k.n"
	src := "(SELECT " + cols + " FROM case_stat_counts k" + w.sql() +
		" UNION ALL SELECT " + cols + " FROM (" + restrictedCounts + ") k" + w.sql() + ") k"
	return src, append(slices.Clone(w.args), w.args...)
}

// with is w and one more condition.
func (w where) with(cond string, args ...any) where {
	out := where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
	out.add(cond, args...)
	return out
}

// StatisticsCounts implements statistics.Store. Received, closed, days to
// close and hours to first action come from the kept counts of the period's
// hours, open and overdue from the kept counts of open cases; outcomes from
// the clock outcomes of the period.
func (s *Store) StatisticsCounts(ctx context.Context, q statistics.Query) (statistics.Counts, error) {
	var c statistics.Counts
	var all where
	groupsOnly(&all, q.Groups, "k.")
	// Periods start at London midnight, a whole hour in UTC.
	w := all.with("k.hour >= ? AND k.hour < ?", micros(q.From)/3_600_000_000, micros(q.To)/3_600_000_000)
	var err error
	if c.Rows, err = s.statisticsRows(ctx, q, w, all); err != nil {
		return c, err
	}
	hours := func(kind string, dst *[]statistics.HourCount) error {
		src, args := statCounts(w.with("k.kind = ?", kind))
		return s.pairs(ctx, "SELECT k.hour, SUM(k.n) FROM "+src+" GROUP BY k.hour HAVING SUM(k.n) <> 0", args, func(h, n int64) {
			*dst = append(*dst, statistics.HourCount{Hour: h, Count: int(n)})
		})
	}
	values := func(kind string, dst *[]statistics.Bin) error {
		src, args := statCounts(w.with("k.kind = ?", kind))
		return s.pairs(ctx, "SELECT k.value, SUM(k.n) FROM "+src+" GROUP BY k.value HAVING SUM(k.n) <> 0", args, bins(dst))
	}
	src, args := statCounts(w.with("k.kind = 'closed'"))
	wardDays := s.wardPairs(ctx, "SELECT k.ward, k.value, SUM(k.n) FROM "+src+" GROUP BY k.ward, k.value HAVING SUM(k.n) <> 0", args,
		func(ward string, v, n int64) {
			c.WardCloseDays = append(c.WardCloseDays, statistics.WardBin{Ward: ward, Bin: statistics.Bin{Value: int(v), Count: int(n)}})
		})
	for _, err := range []error{hours("received", &c.Received), hours("closed", &c.Closed),
		values("closed", &c.CloseDays), values("received", &c.FirstActionHours), wardDays} {
		if err != nil {
			return c, err
		}
	}
	return c, s.outcomeCounts(ctx, q, &c)
}

// statisticsRows counts received and closed in the period per service,
// team and channel from the kept counts of the period (w), and open and
// overdue now from the kept counts of open cases (all): every case due in
// an hour before now's is overdue, and those due earlier in now's hour are
// counted from the cases themselves.
func (s *Store) statisticsRows(ctx context.Context, q statistics.Query, w, all where) ([]statistics.Row, error) {
	rows := map[statKey]*statistics.Row{}
	get := func(k statKey) *statistics.Row {
		if rows[k] == nil {
			rows[k] = &statistics.Row{ServiceID: k.service, Team: k.team, Channel: k.channel, Ward: k.ward}
		}
		return rows[k]
	}
	src, args := statCounts(w.with("k.kind IN ('received', 'closed')"))
	err := s.each(ctx, `SELECT k.service_id, k.team, k.channel, k.ward,
		SUM(CASE WHEN k.kind = 'received' THEN k.n ELSE 0 END), SUM(CASE WHEN k.kind = 'closed' THEN k.n ELSE 0 END)
		FROM `+src+` GROUP BY k.service_id, k.team, k.channel, k.ward`, args, func(k statKey, a, b int64) {
		r := get(k)
		r.Received, r.Closed = int(a), int(b)
	})
	if err != nil {
		return nil, err
	}
	now := micros(q.Now)
	hour := now / 3_600_000_000
	src, args = statCounts(all.with("k.kind = 'open'"))
	err = s.each(ctx, `SELECT k.service_id, k.team, k.channel, k.ward, SUM(k.n), SUM(CASE WHEN k.value = 0 AND k.hour < ? THEN k.n ELSE 0 END)
		FROM `+src+` GROUP BY k.service_id, k.team, k.channel, k.ward`,
		append([]any{hour}, args...), func(k statKey, a, b int64) {
			r := get(k)
			r.Open, r.Overdue = int(a), int(b)
		})
	if err != nil {
		return nil, err
	}
	var late where
	groupsWhere(&late, q.Groups)
	late.add("c.due_at >= ?", hour*3_600_000_000)
	err = s.each(ctx, `SELECT c.service_id, c.team, c.channel, c.ward, COUNT(*), 0 FROM cases c WHERE `+overdueWhere("c.")+late.and()+
		` GROUP BY c.service_id, c.team, c.channel, c.ward`, append([]any{now}, late.args...), func(k statKey, a, _ int64) {
		get(k).Overdue += int(a)
	})
	if err != nil {
		return nil, err
	}
	out := make([]statistics.Row, 0, len(rows))
	for _, r := range rows {
		if r.Received != 0 || r.Closed != 0 || r.Open != 0 {
			out = append(out, *r)
		}
	}
	slices.SortFunc(out, func(a, b statistics.Row) int {
		return cmp.Or(cmp.Compare(a.ServiceID, b.ServiceID), cmp.Compare(a.Team, b.Team), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Ward, b.Ward))
	})
	return out, nil
}

// statKey is a service, team, channel and ward.
type statKey struct{ service, team, channel, ward string }

// each runs a query of a statKey's four columns and two integers (NULL
// read as 0).
func (s *Store) each(ctx context.Context, q string, args []any, fn func(k statKey, a, b int64)) error {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k statKey
		var a, b sql.NullInt64
		if err := rows.Scan(&k.service, &k.team, &k.channel, &k.ward, &a, &b); err != nil {
			return err
		}
		fn(k, a.Int64, b.Int64)
	}
	return rows.Err()
}

// outcomeCounts counts the clock outcomes recorded in the period; a case
// deleted under its retention rule takes its outcome out of the figures,
// as its team can no longer be known.
func (s *Store) outcomeCounts(ctx context.Context, q statistics.Query, c *statistics.Counts) error {
	var w where
	w.add("o.clock = ? AND o.done_at >= ? AND o.done_at < ? AND c.id = o.case_id", q.Clock, micros(q.From), micros(q.To))
	groupsWhere(&w, q.Groups)
	// CROSS JOIN keeps SQLite reading the period's outcomes first (through
	// case_clock_outcomes_done), not every case of the groups.
	return s.wardPairs(ctx, "SELECT c.ward, CASE WHEN o.met THEN 1 ELSE 0 END, COUNT(*) FROM case_clock_outcomes o CROSS JOIN cases c"+w.sql()+" GROUP BY 1, 2",
		w.args, func(ward string, met, n int64) {
			o := statistics.WardOutcome{Ward: ward}
			if met == 1 {
				c.Met, o.Met = c.Met+int(n), int(n)
			} else {
				c.Missed, o.Missed = c.Missed+int(n), int(n)
			}
			c.WardOutcomes = append(c.WardOutcomes, o)
		})
}

// wardPairs runs a query of a ward and two integer columns and hands each
// row to fn.
func (s *Store) wardPairs(ctx context.Context, q string, args []any, fn func(ward string, a, b int64)) error {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ward string
		var a, b int64
		if err := rows.Scan(&ward, &a, &b); err != nil {
			return err
		}
		fn(ward, a, b)
	}
	return rows.Err()
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
