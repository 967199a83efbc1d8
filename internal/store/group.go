package store

import (
	"context"
	"errors"
)

// grouper group-commits small, independent writes on SQLite, where one
// writer connection makes every transaction wait for the one before it and
// each commit costs an fsync. Each write runs in its own savepoint of a
// shared transaction, so one that fails is undone alone; the transaction
// commits once for all of them, and each caller is answered only after
// that commit, so an acknowledged write is as durable as with update.
//
// A resident's form journey saves its draft on every page: grouping those
// saves turns five fsyncs per journey into a share of one (docs/performance.md,
// "Form journeys"). PostgreSQL has a pool of writers and commits in
// parallel, so there writes go straight to update.
type grouper struct {
	s *Store
	q *commitQueue[*groupReq]
}

type groupReq struct {
	ctx  context.Context
	fn   func(*tx) error
	done chan error
}

// maxGroup bounds one group: enough to absorb a burst, small enough that
// the first writer in it does not wait long for the last.
const maxGroup = 256

func newGrouper(s *Store) *grouper {
	g := &grouper{s: s}
	g.q = newCommitQueue(maxGroup, s.turn, g.commit)
	return g
}

func (g *grouper) stop() { g.q.stop() }

// updateGrouped runs fn as update does, group-committed with concurrent
// writes when the store has a grouper. Once queued it waits for the answer
// even if ctx ends: the write may be committed, and the caller must not be
// told otherwise.
func (s *Store) updateGrouped(ctx context.Context, fn func(*tx) error) error {
	if s.group == nil {
		return s.update(ctx, fn)
	}
	req := &groupReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	if err := s.group.q.enqueue(ctx, req); err != nil {
		return err
	}
	return <-req.done
}

// commit runs the batch's writes in one transaction, each in a savepoint,
// and answers every caller after the commit. If the transaction itself
// fails, every write of the batch is answered with that failure: none of
// them was kept.
func (g *grouper) commit(batch []*groupReq) {
	errs := make([]error, len(batch))
	err := g.run(batch, errs)
	for i, r := range batch {
		if err != nil {
			errs[i] = err
		}
		r.done <- errs[i]
	}
}

func (g *grouper) run(batch []*groupReq, errs []error) error {
	ctx := context.Background()    // the writes are queued: they finish together
	t, err := g.s.beginInTurn(ctx) // the queue holds the turn
	if err != nil {
		return err
	}
	defer t.Rollback()
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // the caller gave up before its turn: write nothing
			continue
		}
		if _, err := t.ExecContext(ctx, "SAVEPOINT grouped"); err != nil {
			return g.s.d.mapErr(err)
		}
		t.bad = false
		err := r.fn(t)
		if t.bad {
			err = errBadText
		}
		if err != nil {
			errs[i] = g.s.d.mapErr(err)
			if _, rerr := t.ExecContext(ctx, "ROLLBACK TO SAVEPOINT grouped"); rerr != nil {
				return g.s.d.mapErr(errors.Join(err, rerr))
			}
		}
		if _, err := t.ExecContext(ctx, "RELEASE SAVEPOINT grouped"); err != nil {
			return g.s.d.mapErr(err)
		}
	}
	return g.s.d.mapErr(t.Commit())
}
