package store

import (
	"context"
	"math/rand/v2"
	"time"
)

// maxAttempts bounds how often one write transaction is run: enough to
// outlast a burst of crossing transactions, few enough that a caller is
// answered (with fault.Unavailable) rather than kept waiting.
const maxAttempts = 8

// retrying runs attempt, which is the whole of one write transaction from
// BEGIN to COMMIT, again when the database aborted it as a deadlock's
// victim or for a serialisation failure (PostgreSQL; SQLite's one writer
// never deadlocks). Nothing of an aborted transaction was kept, so running
// it again is safe; a transaction's function must therefore set, not
// accumulate, what it hands back to its caller. Between attempts it waits a
// random while that grows with each attempt, so two transactions that
// crossed once do not cross again in step.
func (s *Store) retrying(ctx context.Context, attempt func() error) error {
	for n := 1; ; n++ {
		err := attempt()
		if err == nil || n == maxAttempts || !s.d.transient(err) {
			return err
		}
		s.counts.retries.Add(1)
		s.log.Debug("store: write transaction run again", "attempt", n+1, "err", err)
		wait := time.Duration(rand.Int64N(int64(time.Millisecond) << n))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}
