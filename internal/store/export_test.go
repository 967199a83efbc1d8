package store

import "context"

// Exec runs raw SQL on the writer, for tests that tamper with rows.
func (s *Store) Exec(ctx context.Context, q string, args ...any) error {
	_, err := s.write.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}
