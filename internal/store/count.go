package store

import "context"

// CountCases counts every case stored, for load tests that check each
// acknowledged submission was kept. It reads the whole table: not for pages.
func (s *Store) CountCases(ctx context.Context) (int, error) {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM cases").Scan(&n)
	return n, err
}
