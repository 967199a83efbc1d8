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

// QueueBlobDeletes queues keys as a disposal does, for tests of the
// retention job's blob deletion.
func (s *Store) QueueBlobDeletes(ctx context.Context, keys ...string) error {
	return s.update(ctx, func(t *tx) error { return queueBlobs(ctx, t, keys) })
}

// StopCheckpointing stops the background checkpointer and Checkpoint runs
// it once, for the test that the writer leaves checkpoints to it.
func (s *Store) StopCheckpointing() { s.ckpt.stopLoop() }

func (s *Store) Checkpoint(ctx context.Context) (frames, copied int, err error) {
	return s.ckpt.run(ctx)
}

// SetCommonWordMatches moves the threshold of a common word until restore
// is called, so that a test of a few cases takes every path of a search.
// Only a test that is not parallel may call it.
func SetCommonWordMatches(n int) (restore func()) {
	old := commonWordMatches
	commonWordMatches = n
	return func() { commonWordMatches = old }
}
