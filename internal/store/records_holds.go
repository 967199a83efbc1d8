package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
)

const holdColumns = "id, target_kind, target, reason, created_by, created_at, released_by, released_at"

func scanHold(r scanner) (records.Hold, error) {
	var h records.Hold
	var created int64
	var released sql.NullInt64
	err := r.Scan(&h.ID, &h.Kind, &h.Target, &h.Reason, &h.CreatedBy, &created, &h.ReleasedBy, &released)
	h.CreatedAt, h.ReleasedAt = fromMicros(created), timePtr(released)
	return h, err
}

// holdsWhere matches the active holds on any of targets.
func holdsWhere(targets []records.HoldTarget) (string, []any) {
	conds := make([]string, len(targets))
	args := make([]any, 0, 2*len(targets))
	for i, t := range targets {
		conds[i] = "(target_kind = ? AND target = ?)"
		args = append(args, t.Kind, t.Target)
	}
	return "released_at IS NULL AND (" + strings.Join(conds, " OR ") + ")", args
}

// ActiveHolds returns the unreleased holds on any of targets (records.Store).
func (s *Store) ActiveHolds(ctx context.Context, targets []records.HoldTarget) ([]records.Hold, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	cond, args := holdsWhere(targets)
	return s.holds(ctx, "SELECT "+holdColumns+" FROM record_holds WHERE "+cond+" ORDER BY id", args...)
}

// Holds lists every hold, active first, newest first (records.Store).
func (s *Store) Holds(ctx context.Context) ([]records.Hold, error) {
	return s.holds(ctx, "SELECT "+holdColumns+" FROM record_holds ORDER BY released_at IS NOT NULL, id DESC")
}

func (s *Store) holds(ctx context.Context, q string, args ...any) ([]records.Hold, error) {
	rows, err := s.queryRead(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.Hold
	for rows.Next() {
		h, err := scanHold(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// PlaceHold writes a hold and its audit entry (records.Store).
func (s *Store) PlaceHold(ctx context.Context, h records.Hold, e audit.Entry) (int64, error) {
	var id int64
	err := s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `INSERT INTO record_holds (target_kind, target, reason, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, h.Kind, h.Target, h.Reason, h.CreatedBy, micros(h.CreatedAt)).Scan(&id)
		if err != nil {
			return err
		}
		e.Detail = withDetail(e.Detail, "hold", id)
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return id, err
}

// ReleaseHold releases an active hold (records.Store). Errors:
// fault.NotFound for an unknown or released hold.
func (s *Store) ReleaseHold(ctx context.Context, id int64, by string, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE record_holds SET released_by = ?, released_at = ? WHERE id = ? AND released_at IS NULL", by, micros(t.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "There is no active hold %d", id)
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

// DynamicHolds returns the active person and saved-search holds and the
// highest hold id of all (records.Store).
func (s *Store) DynamicHolds(ctx context.Context) ([]records.Hold, int64, error) {
	var top sql.NullInt64
	if err := s.queryRowRead(ctx, "SELECT MAX(id) FROM record_holds").Scan(&top); err != nil {
		return nil, 0, err
	}
	hs, err := s.holds(ctx, "SELECT "+holdColumns+" FROM record_holds WHERE released_at IS NULL AND target_kind IN (?, ?) ORDER BY id",
		records.HoldPerson, records.HoldSearch)
	return hs, top.Int64, err
}

// newerDynamicHoldTx reports whether an active person or saved-search hold
// was placed after the one numbered seen: the caller worked out coverage
// without it.
func newerDynamicHoldTx(ctx context.Context, t *tx, seen int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM record_holds WHERE released_at IS NULL AND target_kind IN (?, ?) AND id > ?",
		records.HoldPerson, records.HoldSearch, seen).Scan(&n)
	return n > 0, err
}
