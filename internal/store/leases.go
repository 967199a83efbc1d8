package store

import (
	"context"
	"fmt"
	"time"
)

// ClaimTask claims the periodic task name for holder until heldUntil, and
// no node may start it again before nextDue. It reports false, and claims
// nothing, when the task's period has not ended or another holder's claim
// has not lapsed. The claim is one upsert, so of nodes claiming at once
// exactly one succeeds: PostgreSQL locks the conflicting row and checks
// the condition against the winner's values; SQLite has one writer.
func (s *Store) ClaimTask(ctx context.Context, name, holder string, now, nextDue, heldUntil time.Time) (bool, error) {
	var claimed bool
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO task_leases (name, holder, held_until, next_due) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until, next_due = excluded.next_due
			WHERE task_leases.next_due <= ? AND task_leases.held_until <= ?`,
			name, holder, micros(heldUntil), micros(nextDue), micros(now), micros(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim task %s: %w", name, err)
	}
	return claimed, nil
}

// RenewTask extends holder's claim on a running task to heldUntil. It
// does nothing if the claim has passed to another holder.
func (s *Store) RenewTask(ctx context.Context, name, holder string, heldUntil time.Time) error {
	return s.setLease(ctx, "UPDATE task_leases SET held_until = ? WHERE name = ? AND holder = ?", micros(heldUntil), name, holder)
}

// ReleaseTask ends holder's claim at the given time, once its run is over:
// the next period's claim need not wait for the claim to lapse.
func (s *Store) ReleaseTask(ctx context.Context, name, holder string, at time.Time) error {
	return s.setLease(ctx, "UPDATE task_leases SET held_until = ? WHERE name = ? AND holder = ?", micros(at), name, holder)
}

func (s *Store) setLease(ctx context.Context, q string, args ...any) error {
	err := s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, q, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("task lease %v: %w", args[1], err)
	}
	return nil
}
