package store

import "context"

// Exec runs raw SQL on the writer, for tests that tamper with rows.
func (s *Store) Exec(ctx context.Context, q string, args ...any) error {
	_, err := s.write.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}

// UpdateGrouped exposes updateGrouped with raw SQL, for the group commit's
// own test: fn's statements run in the write, then fail is returned.
func (s *Store) UpdateGrouped(ctx context.Context, q string, args []any, fail error) error {
	return s.updateGrouped(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, q, args...); err != nil {
			return err
		}
		return fail
	})
}
