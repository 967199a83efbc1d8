package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

var _ cases.Store = (*Store)(nil)

const caseColumns = `id, ref, service_id, team, classification, state, answers, applicant,
	channel, created_by, assignee, clock, clock_start, due_at, paused_since, submitted_at,
	updated_at, closed_at, overdue_notified, version, idempotency_key, sharing, share_ward, share_party, lang, ` +
	restrictedCases + ` AS restricted`

type scanner interface{ Scan(dest ...any) error }

func scanCase(r scanner) (cases.Case, error) {
	var c cases.Case
	var answers, applicant, clock []byte
	var clockStart, due, submitted, updated int64
	var paused, closed sql.NullInt64
	var key sql.NullString
	err := r.Scan(&c.ID, &c.Ref, &c.ServiceID, &c.Team, &c.Classification, &c.State, &answers, &applicant,
		&c.Channel, &c.CreatedBy, &c.Assignee, &clock, &clockStart, &due, &paused, &submitted,
		&updated, &closed, &c.OverdueNotified, &c.Version, &key, &c.Sharing.With, &c.Sharing.Ward, &c.Sharing.Party, &c.Lang, &c.Restricted)
	if err != nil {
		return c, err
	}
	if err := unmarshalAll(answers, &c.Answers, applicant, &c.Applicant, clock, &c.History); err != nil {
		return c, fmt.Errorf("case %s: %w", c.Ref, err)
	}
	c.ClockStart, c.SubmittedAt, c.UpdatedAt = fromMicros(clockStart), fromMicros(submitted), fromMicros(updated)
	if due != cases.NoDue {
		t := fromMicros(due)
		c.DueAt = &t
	}
	c.PausedSince, c.ClosedAt, c.IdempotencyKey = timePtr(paused), timePtr(closed), key.String
	return c, nil
}

func unmarshalAll(pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		if b := pairs[i].([]byte); len(b) > 0 {
			if err := json.Unmarshal(b, pairs[i+1]); err != nil {
				return err
			}
		}
	}
	return nil
}

func dueKey(c cases.Case) int64 {
	if c.DueAt == nil {
		return cases.NoDue
	}
	return micros(*c.DueAt)
}

// caseArgs are a new case's values in qInsertCase's column order.
func caseArgs(rec cases.Record) ([]any, error) {
	c := rec.Case
	answers, err := jsonText(c.Answers)
	if err != nil {
		return nil, err
	}
	applicant, _ := jsonText(c.Applicant)
	clock, _ := jsonText(c.History)
	return []any{c.Ref, c.ServiceID, c.Team, string(c.Classification), c.State, answers, applicant,
		string(c.Channel), c.CreatedBy, c.Assignee, clock, micros(c.ClockStart), dueKey(c), nullMicros(c.PausedSince),
		micros(c.SubmittedAt), micros(c.UpdatedAt), nullMicros(c.ClosedAt), c.OverdueNotified, c.Version,
		nullString(c.IdempotencyKey), c.Sharing.With, c.Sharing.Ward, c.Sharing.Party, string(c.Lang.Or()), rec.Ward}, nil
}

// updateCase writes a changed case if it still has the expected version.
func updateCase(ctx context.Context, t *tx, c cases.Case, expect int) error {
	answers, err := jsonText(c.Answers)
	if err != nil {
		return err
	}
	applicant, _ := jsonText(c.Applicant)
	clock, _ := jsonText(c.History)
	res, err := t.exec(ctx, `UPDATE cases SET state = ?, answers = ?, applicant = ?, assignee = ?, clock = ?,
		clock_start = ?, due_at = ?, paused_since = ?, updated_at = ?, closed_at = ?, overdue_notified = ?,
		version = ?, team = ?, classification = ?
		WHERE id = ? AND version = ?`,
		c.State, answers, applicant, c.Assignee, clock, micros(c.ClockStart), dueKey(c), nullMicros(c.PausedSince),
		micros(c.UpdatedAt), nullMicros(c.ClosedAt), c.OverdueNotified, c.Version, c.Team, string(c.Classification),
		c.ID, expect)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fault.New(fault.Conflict, "case %s has changed since it was read", c.Ref)
	}
	return nil
}

// CaseByRef returns a case by reference. Errors: fault.NotFound.
func (s *Store) CaseByRef(ctx context.Context, ref string) (cases.Case, error) {
	c, err := scanCase(s.queryRowRead(ctx, "SELECT "+caseColumns+" FROM cases WHERE ref = ?", ref))
	return c, notFound(err, "case "+ref)
}

// CaseByID returns a case by id. Errors: fault.NotFound.
func (s *Store) CaseByID(ctx context.Context, id int64) (cases.Case, error) {
	c, err := scanCase(s.queryRowRead(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", id))
	return c, notFound(err, fmt.Sprintf("case #%d", id))
}

func caseByKey(ctx context.Context, t *tx, key string) (cases.Case, bool, error) {
	c, err := scanCase(t.queryRow(ctx, qCaseByKey, key))
	if err == sql.ErrNoRows {
		return c, false, nil
	}
	return c, err == nil, err
}

// ApplyChanges writes changes to existing cases in one transaction: the case
// rows (each only if it still has its expected version), events, audit
// entries, outbox messages and search documents. Errors: fault.Conflict.
func (s *Store) ApplyChanges(ctx context.Context, changes ...cases.Change) error {
	return s.update(ctx, func(t *tx) error {
		chain, err := lockAuditHead(ctx, t)
		if err != nil {
			return err
		}
		for _, ch := range changes {
			if err := applyChange(ctx, t, chain, ch); err != nil {
				return err
			}
		}
		return chain.save(ctx, t)
	})
}

func applyChange(ctx context.Context, t *tx, chain *auditChain, ch cases.Change) error {
	if ch.Refund != nil {
		if err := applyRefund(ctx, t, ch.Refund); err != nil {
			return err
		}
	}
	if err := updateCase(ctx, t, ch.Case, ch.ExpectVersion); err != nil {
		return err
	}
	for _, e := range ch.Events {
		if _, err := insertEvent(ctx, t, ch.Case.ID, e); err != nil {
			return err
		}
		if err := insertDocuments(ctx, t, ch.Case, e.Actor, e.At, eventFiles(e)); err != nil {
			return err
		}
	}
	if ch.Search != nil {
		if err := upsertSearch(ctx, t, ch.Case.ID, *ch.Search); err != nil {
			return err
		}
	}
	if ch.SearchAppend != "" {
		if _, err := t.exec(ctx, "UPDATE case_search SET body = body || ? WHERE case_id = ?", "\n"+ch.SearchAppend, ch.Case.ID); err != nil {
			return err
		}
	}
	if err := insertOutbox(ctx, t, ch.Outbox...); err != nil {
		return err
	}
	if err := insertFollowers(ctx, t, ch.Case.ID, ch.Follow); err != nil {
		return err
	}
	if err := insertOutcomes(ctx, t, ch.Case, ch.Outcomes); err != nil {
		return err
	}
	if err := insertFeedbackInvite(ctx, t, ch.Case, ch.Feedback); err != nil {
		return err
	}
	return chain.append(ctx, t, ch.Audit...)
}

func upsertSearch(ctx context.Context, t *tx, caseID int64, d cases.SearchDoc) error {
	_, err := t.exec(ctx, qUpsertSearch, caseID, d.Title, d.Body)
	return err
}
