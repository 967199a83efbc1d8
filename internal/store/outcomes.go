package store

import (
	"context"
	"database/sql"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// insertOutcomes records completed clocks. The first record of a case's
// clock stands: a later one (which the case service does not make) is
// ignored rather than turning a met deadline into a missed one.
func insertOutcomes(ctx context.Context, t *tx, c cases.Case, outs []cases.Outcome) error {
	for _, o := range outs {
		_, err := t.exec(ctx, `INSERT INTO case_clock_outcomes (case_id, service_id, clock, received_date, due_date,
			done_date, done_at, met, working_days_late, calendar_days_late)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, clock) DO NOTHING`,
			c.ID, c.ServiceID, o.Clock, o.Received.String(), o.Due.String(), workday.DateOf(o.Done).String(),
			micros(o.Done), o.Met, o.WorkingDaysLate, o.CalendarDaysLate)
		if err != nil {
			return err
		}
	}
	return nil
}

// ClockOutcome is one stored outcome with the case and service it belongs to.
type ClockOutcome struct {
	CaseID    int64 // 0 once the case has been deleted under its retention rule
	ServiceID string
	cases.Outcome
}

// ClockOutcomes returns the recorded outcomes of a service's clocks whose
// response fell on a date from from to to (YYYY-MM-DD, inclusive), in
// order of that date: the figures for an FOI or subject access return.
func (s *Store) ClockOutcomes(ctx context.Context, serviceID, from, to string) ([]ClockOutcome, error) {
	rows, err := s.queryRead(ctx, `SELECT case_id, service_id, clock, received_date, due_date, done_at, met,
		working_days_late, calendar_days_late FROM case_clock_outcomes
		WHERE service_id = ? AND done_date >= ? AND done_date <= ? ORDER BY done_date, id`, serviceID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ClockOutcome
	for rows.Next() {
		var o ClockOutcome
		var caseID sql.NullInt64
		var received, due string
		var done int64
		if err := rows.Scan(&caseID, &o.ServiceID, &o.Clock, &received, &due, &done, &o.Met,
			&o.WorkingDaysLate, &o.CalendarDaysLate); err != nil {
			return nil, err
		}
		o.CaseID, o.Done = caseID.Int64, fromMicros(done)
		if o.Received, err = workday.ParseDate(received); err != nil {
			return nil, err
		}
		if o.Due, err = workday.ParseDate(due); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
