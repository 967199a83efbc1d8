package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
)

var _ jobs.Store = (*Store)(nil)

const outboxColumns = "id, topic, key, payload, created_at, available_at, attempts, last_error, delivered_at, dead_at"

func insertOutbox(ctx context.Context, t *tx, msgs ...jobs.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	var args []any
	for _, m := range msgs {
		if m.ID == "" {
			m.ID = jobs.NewID()
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = t.now
		}
		if m.AvailableAt.IsZero() {
			m.AvailableAt = m.CreatedAt
		}
		row := []any{m.ID, m.Topic, m.Key, string(m.Payload), micros(m.CreatedAt), micros(m.AvailableAt)}
		if t.hot != nil { // SQLite: a prepared single-row insert costs no round trip
			if _, err := t.exec(ctx, qInsertOutbox, row...); err != nil {
				return fmt.Errorf("outbox %s: %w", m.Topic, err)
			}
			continue
		}
		args = append(args, row...)
	}
	if len(args) == 0 {
		return nil
	}
	// PostgreSQL: one round trip for all of them.
	q := qInsertOutbox + strings.Repeat(", (?, ?, ?, ?, ?, ?)", len(args)/6-1)
	if _, err := t.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Enqueue adds outbox messages in one transaction.
func (s *Store) Enqueue(ctx context.Context, msgs ...jobs.Message) error {
	return s.update(ctx, func(t *tx) error { return insertOutbox(ctx, t, msgs...) })
}

func scanMessages(rows *sql.Rows) ([]jobs.Message, error) {
	defer rows.Close()
	var out []jobs.Message
	for rows.Next() {
		var m jobs.Message
		var payload []byte
		var created, available int64
		var delivered, dead sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Topic, &m.Key, &payload, &created, &available, &m.Attempts,
			&m.LastError, &delivered, &dead); err != nil {
			return nil, err
		}
		m.Payload = payload
		m.CreatedAt, m.AvailableAt = fromMicros(created), fromMicros(available)
		m.DeliveredAt, m.DeadAt = timePtr(delivered), timePtr(dead)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClaimOutbox takes up to limit messages due at now, counts an attempt on
// each and hides them until now+lease: if the worker dies, they come back.
// On PostgreSQL concurrent workers skip each other's rows.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]jobs.Message, error) {
	var out []jobs.Message
	err := s.update(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `UPDATE outbox SET available_at = ?, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND available_at <= ?
				ORDER BY available_at LIMIT ?`+t.d.skipLocked()+`)
			RETURNING `+outboxColumns, micros(now.Add(lease)), micros(now), limit)
		if err != nil {
			return err
		}
		out, err = scanMessages(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	return out, nil
}

// MarkDelivered records a message's delivery.
func (s *Store) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return s.setOutbox(ctx, "UPDATE outbox SET delivered_at = ?, last_error = '' WHERE id = ?", micros(at), id)
}

// MarkDeliveredMany records the delivery of several messages in one
// transaction: the worker's batch costs one commit (one fsync), not one
// per message, which left the single writer busy with deliveries.
func (s *Store) MarkDeliveredMany(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{micros(at)}
	for _, id := range ids {
		args = append(args, id)
	}
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "UPDATE outbox SET delivered_at = ?, last_error = '' WHERE id IN ("+placeholders(len(ids))+")", args...)
		return err
	})
}

// RetryOutbox records a failed attempt and when to try again.
func (s *Store) RetryOutbox(ctx context.Context, id, lastError string, at time.Time) error {
	return s.setOutbox(ctx, "UPDATE outbox SET available_at = ?, last_error = ? WHERE id = ?", micros(at), lastError, id)
}

// MarkDead dead-letters a message: no more attempts until replayed.
func (s *Store) MarkDead(ctx context.Context, id, lastError string, at time.Time) error {
	return s.setOutbox(ctx, "UPDATE outbox SET dead_at = ?, last_error = ? WHERE id = ?", micros(at), lastError, id)
}

// Replay puts a dead letter back in the queue, due at once, with its
// attempts reset. Errors: fault.NotFound when id is not a dead letter.
func (s *Store) Replay(ctx context.Context, id string, at time.Time) error {
	return s.setOutbox(ctx, `UPDATE outbox SET dead_at = NULL, attempts = 0, available_at = ?
		WHERE id = ? AND dead_at IS NOT NULL`, micros(at), id)
}

func (s *Store) setOutbox(ctx context.Context, q string, args ...any) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFound(sql.ErrNoRows, fmt.Sprintf("outbox message %v", args[len(args)-1]))
		}
		return nil
	})
}

// DeadLetters lists dead-lettered messages, newest first.
func (s *Store) DeadLetters(ctx context.Context, limit int) ([]jobs.Message, error) {
	rows, err := s.queryRead(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE dead_at IS NOT NULL ORDER BY dead_at DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("dead letters: %w", err)
	}
	return scanMessages(rows)
}

// OutboxMessage returns one message by id. Errors: fault.NotFound.
func (s *Store) OutboxMessage(ctx context.Context, id string) (jobs.Message, error) {
	rows, err := s.queryRead(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id)
	if err != nil {
		return jobs.Message{}, err
	}
	ms, err := scanMessages(rows)
	if err == nil && len(ms) == 0 {
		err = notFound(sql.ErrNoRows, "outbox message "+id)
	}
	if err != nil {
		return jobs.Message{}, err
	}
	return ms[0], nil
}

// OutboxDepth counts undelivered messages (pending and dead), for /metrics.
func (s *Store) OutboxDepth(ctx context.Context) (pending, dead int64, err error) {
	err = s.queryRowRead(ctx, `SELECT
		COALESCE(SUM(CASE WHEN dead_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE delivered_at IS NULL`).Scan(&pending, &dead)
	return pending, dead, err
}

// PruneDelivered deletes messages delivered before cutoff, returning how many.
func (s *Store) PruneDelivered(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?", micros(cutoff))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return n, err
}

// OutboxByKey returns the messages of one topic about one thing (a case
// reference), oldest first, delivered or not: what was sent to a person
// about their case, for a subject access export.
func (s *Store) OutboxByKey(ctx context.Context, topic, key string) ([]jobs.Message, error) {
	rows, err := s.queryRead(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE topic = ? AND key = ? ORDER BY created_at, id", topic, key)
	if err != nil {
		return nil, fmt.Errorf("outbox of %s: %w", key, err)
	}
	return scanMessages(rows)
}
