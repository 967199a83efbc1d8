package store

import (
	"context"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

func insertEvent(ctx context.Context, t *tx, caseID int64, e cases.Event) (int64, error) {
	args, err := eventArgs(caseID, e)
	if err != nil {
		return 0, err
	}
	var id int64
	err = t.queryRow(ctx, qInsertEvent, args...).Scan(&id)
	return id, err
}

// eventArgs are an event's values in qInsertEvent's column order.
func eventArgs(caseID int64, e cases.Event) ([]any, error) {
	var fields any
	if len(e.Fields) > 0 {
		s, err := jsonText(e.Fields)
		if err != nil {
			return nil, err
		}
		fields = s
	}
	return []any{caseID, micros(e.At), e.Actor, e.ActorName, string(e.Kind), e.Transition,
		e.FromState, e.ToState, e.Assignee, e.Note, string(e.Visibility), fields, string(e.Drafted)}, nil
}

// CaseEvents returns a case's timeline, oldest first.
func (s *Store) CaseEvents(ctx context.Context, caseID int64) ([]cases.Event, error) {
	rows, err := s.queryRead(ctx, `SELECT id, case_id, at, actor, actor_name, kind, transition, from_state,
		to_state, assignee, note, visibility, fields, drafted FROM case_events WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("events of case #%d: %w", caseID, err)
	}
	defer rows.Close()
	var out []cases.Event
	for rows.Next() {
		var e cases.Event
		var at int64
		var fields []byte
		if err := rows.Scan(&e.ID, &e.CaseID, &at, &e.Actor, &e.ActorName, &e.Kind, &e.Transition, &e.FromState,
			&e.ToState, &e.Assignee, &e.Note, &e.Visibility, &fields, &e.Drafted); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		if err := unmarshalAll(fields, &e.Fields); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
