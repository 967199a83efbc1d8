package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

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

// CommitBatch hands recs to the submission queue's commit as one batch,
// fallback included, and returns each record's error.
func (s *Store) CommitBatch(recs ...cases.Record) []error {
	batch := make([]*submitReq, len(recs))
	for i, rec := range recs {
		batch[i] = &submitReq{ctx: context.Background(), rec: rec, done: make(chan submitRes, 1)}
		batch[i].caseRow, _ = caseArgs(rec)
		batch[i].eventRow, _ = eventArgs(0, rec.Event)
	}
	s.submit.commit(batch)
	errs := make([]error, len(recs))
	for i, r := range batch {
		errs[i] = (<-r.done).err
	}
	return errs
}

// UpdateSteps runs qs in one write transaction as a store method runs its
// statements (running it again included), calling between with the attempt
// (1, 2 …) after the first statement, so that a test can make two
// transactions cross.
func (s *Store) UpdateSteps(ctx context.Context, between func(attempt int), qs ...string) error {
	attempt := 0
	return s.update(ctx, func(t *tx) error {
		attempt++
		for i, q := range qs {
			if i == 1 && between != nil {
				between(attempt)
			}
			if _, err := t.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
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

// StatCounts lists case_stat_counts' non-zero rows, and the same counts
// made afresh from the cases, each as sorted lines: the test that the
// triggers keep the one equal to the other.
func (s *Store) StatCounts(ctx context.Context) (kept, recount []string, err error) {
	const cols = "service_id, team, classification, channel, ward, kind, hour, value"
	if kept, err = s.lines(ctx, "SELECT "+cols+", n FROM case_stat_counts WHERE n <> 0"); err != nil {
		return nil, nil, err
	}
	recount, err = s.lines(ctx, "SELECT "+cols+", counted FROM ("+statCountsRecount+") k")
	return kept, recount, err
}

func (s *Store) lines(ctx context.Context, q string) ([]string, error) {
	rows, err := s.queryRead(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var svc, team, class, channel, ward, kind string
		var hour, value, n int64
		if err := rows.Scan(&svc, &team, &class, &channel, &ward, &kind, &hour, &value, &n); err != nil {
			return nil, err
		}
		if ward == "" {
			ward = "-"
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s %d %d: %d", svc, team, class, channel, ward, kind, hour, value, n))
	}
	slices.Sort(out)
	return out, rows.Err()
}

// CaseWards lists every case's unique reference and ward code, as "REF
// code" lines sorted by reference, for the test that submission records
// the ward.
func (s *Store) CaseWards(ctx context.Context) ([]string, error) {
	rows, err := s.queryRead(ctx, "SELECT ref, ward FROM cases ORDER BY ref")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ref, ward string
		if err := rows.Scan(&ref, &ward); err != nil {
			return nil, err
		}
		out = append(out, ref+" "+ward)
	}
	return out, rows.Err()
}

// WriteBatch writes recs as the submission queue writes one batch, without
// the queue's fallback of rewriting a failed batch one record at a time, so
// a test sees whether the batch's own statements work.
func (s *Store) WriteBatch(ctx context.Context, recs ...cases.Record) error {
	batch := make([]*submitReq, len(recs))
	for i, rec := range recs {
		r := &submitReq{ctx: ctx, rec: rec}
		var err error
		if r.caseRow, err = caseArgs(rec); err != nil {
			return err
		}
		if r.eventRow, err = eventArgs(0, rec.Event); err != nil {
			return err
		}
		batch[i] = r
	}
	res, err := s.submit.write(batch)
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// SetFirstWindow makes a search through the full-text index first read
// the matches among the newest n ids, so that a test of a few cases
// widens the window. Only a test that is not parallel may call it.
func SetFirstWindow(n int64) (restore func()) {
	old := firstWindow
	firstWindow = n
	return func() { firstWindow = old }
}

// ResidentLinkCount is how many sign-in links are kept, for the test of
// their hourly prune.
func (s *Store) ResidentLinkCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRowRead(ctx, `SELECT COUNT(*) FROM resident_signin_links`).Scan(&n)
	return n, err
}
