package store

import (
	"context"
	"database/sql"

	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// statCountsRecount is case_stat_counts made afresh from the cases: the
// same rows the triggers of migrations 0077 and 0082 keep, each with its
// count of cases as counted and 0 as kept.
const statCountsRecount = `SELECT service_id, team, classification, channel, ward, 'received' AS kind, submitted_at / 3600000000 AS hour,
		CASE WHEN first_action_at IS NULL THEN -1 ELSE (first_action_at - submitted_at) / 3600000000 END AS value, 0 AS kept, COUNT(*) AS counted
		FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	UNION ALL SELECT service_id, team, classification, channel, ward, 'closed', closed_at / 3600000000,
		(closed_at - submitted_at) / 86400000000, 0, COUNT(*)
		FROM cases WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	UNION ALL SELECT service_id, team, classification, channel, ward, 'open', due_at / 3600000000,
		CASE WHEN paused_since IS NULL THEN 0 ELSE 1 END, 0, COUNT(*)
		FROM cases WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`

// StatisticsCheck implements statistics.Store. The kept counts and the
// recount are compared in one statement, so in one snapshot of the
// database: a case written while it runs cannot make a difference appear.
// The database groups and sorts (through files on SQLite, as PostgreSQL
// does beyond work_mem) and returns only the rows that differ, one at a
// time, so memory does not grow with the number of cases.
func (s *Store) StatisticsCheck(ctx context.Context, fn func(statistics.Difference) error) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	on, off := s.d.spillSorts()
	if on != "" {
		if _, err := conn.ExecContext(ctx, on); err != nil {
			return err
		}
		// A connection going back to the pool sorts in memory again.
		defer conn.ExecContext(context.WithoutCancel(ctx), off)
	}
	rows, err := conn.QueryContext(ctx, `SELECT service_id, team, classification, channel, ward, kind, hour, value, SUM(kept), SUM(counted)
		FROM (SELECT service_id, team, classification, channel, ward, kind, hour, value, n AS kept, 0 AS counted FROM case_stat_counts
			UNION ALL `+statCountsRecount+`) k
		GROUP BY service_id, team, classification, channel, ward, kind, hour, value
		HAVING SUM(kept) <> SUM(counted)
		ORDER BY service_id, team, classification, channel, ward, kind, hour, value`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d statistics.Difference
		var kept, counted sql.NullInt64
		if err := rows.Scan(&d.ServiceID, &d.Team, &d.Classification, &d.Channel, &d.Ward, &d.Kind, &d.Hour, &d.Value, &kept, &counted); err != nil {
			return err
		}
		d.Kept, d.Counted = kept.Int64, counted.Int64
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}
