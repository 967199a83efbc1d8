package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

var _ records.Store = (*Store)(nil)

// appendAuditTx chains entries onto the log inside t, so that they commit
// with the change they record, and returns the sequence number of the last;
// no entries is no work.
func appendAuditTx(ctx context.Context, t *tx, entries ...audit.Entry) (int64, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	c, err := lockAuditHead(ctx, t)
	if err != nil {
		return 0, err
	}
	if err := c.append(ctx, t, entries...); err != nil {
		return 0, err
	}
	return c.head.Seq, c.save(ctx, t)
}

// ExpireDrafts deletes up to limit drafts last changed before cutoff and
// queues the files their answers name (records.Store).
func (s *Store) ExpireDrafts(ctx context.Context, cutoff time.Time, limit int, e audit.Entry) (int, error) {
	n := 0
	err := s.update(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT id, answers FROM drafts WHERE updated_at < ? ORDER BY updated_at, id LIMIT ?", micros(cutoff), limit)
		if err != nil {
			return err
		}
		var ids, keys []string
		for rows.Next() {
			var id, answers string
			if err := rows.Scan(&id, &answers); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
			keys = append(keys, answerBlobs(answers)...)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM drafts WHERE id IN ("+placeholders(len(ids))+")", anys(ids)...); err != nil {
			return err
		}
		if err := queueBlobs(ctx, t, keys); err != nil {
			return err
		}
		n = len(ids)
		e.Detail = withDetail(e.Detail, "deleted", n)
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return n, err
}

// answerBlobs lists the files a draft's answers name; answers that do not
// decode name none (the draft goes all the same).
func answerBlobs(answers string) []string {
	var a service.Answers
	if json.Unmarshal([]byte(answers), &a) != nil {
		return nil
	}
	var keys []string
	for _, f := range caseFiles(a) {
		keys = append(keys, f.Key)
	}
	return keys
}

func withDetail(d json.RawMessage, k string, v any) json.RawMessage {
	m := map[string]any{}
	_ = json.Unmarshal(d, &m)
	m[k] = v
	return audit.Detail(m)
}

// queueBlobs asks the retention job to delete blobs once nothing names them.
func queueBlobs(ctx context.Context, t *tx, keys []string) error {
	for _, k := range keys {
		if _, err := t.exec(ctx, "INSERT INTO record_blob_deletes (blob_key, queued_at) VALUES (?, ?) ON CONFLICT (blob_key) DO NOTHING", k, micros(t.now)); err != nil {
			return err
		}
	}
	return nil
}

// triggerColumn is the cases column a retention trigger starts from.
func triggerColumn(trigger string) (string, error) {
	switch trigger {
	case records.TriggerClosed:
		return "closed_at", nil
	case records.TriggerCreated:
		return "submitted_at", nil
	case records.TriggerLastAction:
		return "updated_at", nil
	}
	return "", fault.New(fault.Invalid, "retention trigger %q is not known", trigger)
}

// CasesDue finds closed cases whose period has run (records.Store). Open
// cases are never due: they are live business whatever their age.
func (s *Store) CasesDue(ctx context.Context, q records.DueQuery) ([]records.Candidate, error) {
	col, err := triggerColumn(q.Trigger)
	if err != nil {
		return nil, err
	}
	return s.candidates(ctx, `SELECT c.id, c.ref, c.`+col+` FROM cases c
		WHERE c.service_id = ? AND c.closed_at IS NOT NULL AND c.`+col+` < ? AND c.id > ? AND c.anonymised_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM record_due d WHERE d.kind = 'case' AND d.subject = c.ref)
		ORDER BY c.id LIMIT ?`, q.Scope, micros(q.Cutoff), q.After, q.Limit)
}

// DocumentsDue finds documents of a class whose period has run: declared
// records from their declaration ("closed"), others from creation or their
// last change (records.Store).
func (s *Store) DocumentsDue(ctx context.Context, q records.DueQuery) ([]records.Candidate, error) {
	col := map[string]string{records.TriggerClosed: "declared_at", records.TriggerCreated: "created_at", records.TriggerLastAction: "updated_at"}[q.Trigger]
	if col == "" {
		return nil, fault.New(fault.Invalid, "retention trigger %q is not known", q.Trigger)
	}
	return s.candidates(ctx, `SELECT d.id, CAST(d.id AS TEXT), d.`+col+` FROM record_documents d
		WHERE d.class_id = ? AND d.`+col+` IS NOT NULL AND d.`+col+` < ? AND d.id > ?
		AND NOT EXISTS (SELECT 1 FROM record_due r WHERE r.kind = 'document' AND r.subject = CAST(d.id AS TEXT))
		ORDER BY d.id LIMIT ?`, q.Scope, micros(q.Cutoff), q.After, q.Limit)
}

func (s *Store) candidates(ctx context.Context, q string, args ...any) ([]records.Candidate, error) {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.Candidate
	for rows.Next() {
		var c records.Candidate
		var start int64
		if err := rows.Scan(&c.ID, &c.Subject, &start); err != nil {
			return nil, err
		}
		c.Start = fromMicros(start)
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddDue lists items not listed yet (records.Store).
func (s *Store) AddDue(ctx context.Context, items []records.Due, entries []audit.Entry) (int, error) {
	n := 0
	err := s.update(ctx, func(t *tx) error {
		n = 0 // the transaction may run again (retrying)
		for _, d := range items {
			rule, err := jsonText(d.Rule)
			if err != nil {
				return err
			}
			res, err := t.exec(ctx, `INSERT INTO record_due (kind, subject, scope, action, rule, due_at, status)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, subject) DO NOTHING`,
				d.Kind, d.Subject, d.Scope, d.Rule.Action, rule, micros(d.DueAt), d.Status)
			if err != nil {
				return err
			}
			m, _ := res.RowsAffected()
			n += int(m)
		}
		_, err := appendAuditTx(ctx, t, entries...)
		return err
	})
	return n, err
}

const dueColumns = "id, kind, subject, scope, rule, due_at, status, decided_by, decided_at, reason"

func scanDue(r scanner) (records.Due, error) {
	var d records.Due
	var rule string
	var due int64
	var decided sql.NullInt64
	err := r.Scan(&d.ID, &d.Kind, &d.Subject, &d.Scope, &rule, &due, &d.Status, &d.DecidedBy, &decided, &d.Reason)
	if err != nil {
		return d, err
	}
	d.DueAt, d.DecidedAt = fromMicros(due), timePtr(decided)
	return d, json.Unmarshal([]byte(rule), &d.Rule)
}

// DueList returns the disposition list in id order after f.After (records.Store).
func (s *Store) DueList(ctx context.Context, f records.DueFilter) ([]records.Due, error) {
	w := &where{}
	w.add("id > ?", f.After)
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if !f.Before.IsZero() {
		w.add("due_at < ?", micros(f.Before))
	}
	rows, err := s.queryRead(ctx, "SELECT "+dueColumns+" FROM record_due"+w.sql()+" ORDER BY id LIMIT ?", append(w.args, max(f.Limit, 1))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.Due
	for rows.Next() {
		d, err := scanDue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DueByID returns one item, or fault.NotFound (records.Store).
func (s *Store) DueByID(ctx context.Context, id int64) (records.Due, error) {
	d, err := scanDue(s.queryRowRead(ctx, "SELECT "+dueColumns+" FROM record_due WHERE id = ?", id))
	return d, notFound(err, fmt.Sprintf("disposition item %d", id))
}

// DecideDue stores a decision (records.Store).
func (s *Store) DecideDue(ctx context.Context, d records.Due, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE record_due SET status = ?, decided_by = ?, decided_at = ?, reason = ?, due_at = ? WHERE id = ?",
			d.Status, d.DecidedBy, nullMicros(d.DecidedAt), d.Reason, micros(d.DueAt), d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "disposition item %d", d.ID)
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}
