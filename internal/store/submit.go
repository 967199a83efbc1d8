package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// Group commit. One goroutine takes every waiting submission (up to
// MaxBatch) and writes them in one transaction: one fsync for the lot
// instead of one each. Callers are answered only after the commit, so an
// acknowledged case is durable.

const defaultMaxBatch = 256

type submitReq struct {
	ctx context.Context
	rec cases.Record
	// caseRow and eventRow are the case's and its first event's values,
	// JSON encoded by the submitting goroutine: the one writer goroutine
	// serialises every submission, so what can be done before it is.
	// eventRow[0], the case id, is filled in once the case row has one.
	caseRow, eventRow []any
	done              chan submitRes
}

type submitRes struct {
	c       cases.Case
	existed bool
	err     error
}

type batcher struct {
	s *Store
	q *commitQueue[*submitReq]
	// afterCommit is Config.AfterSubmitCommit (a test hook, nil in production).
	afterCommit func()
}

func newBatcher(s *Store, max int) *batcher {
	if max <= 0 {
		max = defaultMaxBatch
	}
	b := &batcher{s: s}
	b.q = newCommitQueue(max, s.turn, b.commit)
	return b
}

func (b *batcher) stop() { b.q.stop() }

// SubmitCase writes a new case with its first event, audit entry, outbox
// messages and search document, group-committed with concurrent
// submissions. A case with the same idempotency key is returned instead,
// with existed=true. Errors: cases.ErrRefTaken, fault.Unavailable (closing).
func (s *Store) SubmitCase(ctx context.Context, rec cases.Record) (cases.Case, bool, error) {
	req := &submitReq{ctx: ctx, rec: rec, done: make(chan submitRes, 1)}
	var err error
	if req.caseRow, err = caseArgs(rec); err != nil {
		return cases.Case{}, false, fmt.Errorf("submit: %w", err)
	}
	if req.eventRow, err = eventArgs(0, rec.Event); err != nil {
		return cases.Case{}, false, fmt.Errorf("submit: %w", err)
	}
	if err := s.submit.q.enqueue(ctx, req); err != nil {
		return cases.Case{}, false, err
	}
	// Once queued, wait for the answer even if ctx ends: the case may be
	// committed, and the caller must not be told otherwise.
	r := <-req.done
	return r.c, r.existed, r.err
}

// commit writes a batch in one transaction and answers every caller. The
// expected failures (a repeated idempotency key, a reference in use) are
// absorbed by ON CONFLICT DO NOTHING, so they never spoil the transaction. Any other
// failure rolls the batch back and writes its records one transaction each,
// so that one bad record fails alone.
func (b *batcher) commit(batch []*submitReq) {
	res, err := b.write(batch)
	if err != nil && len(batch) > 1 {
		// Said aloud: a batch that always fails is still written, a case at
		// a time, so nothing else would show that batching has stopped.
		b.s.counts.splits.Add(1)
		b.s.log.Warn("store: a batch of submissions failed and is written one case at a time", "cases", len(batch), "err", err)
		for _, r := range batch {
			b.commit([]*submitReq{r})
		}
		return
	}
	if err == nil && b.afterCommit != nil {
		b.afterCommit()
	}
	for i, r := range batch {
		if err != nil {
			res[i] = submitRes{err: fmt.Errorf("submit: %w", err)}
		}
		r.done <- res[i]
	}
}

// write runs one transaction for the batch. It returns an error when the
// transaction as a whole failed and nothing of it was kept.
func (b *batcher) write(batch []*submitReq) ([]submitRes, error) {
	ctx := context.Background() // a batch must not fail because one caller left
	res := make([]submitRes, len(batch))
	err := b.s.updateInTurn(ctx, func(t *tx) error { // the queue holds the turn
		chain, err := lockAuditHead(ctx, t)
		if err != nil {
			return err
		}
		if t.d.preparesHot() {
			err = writeEach(ctx, t, chain, batch, res)
		} else {
			err = writeMany(ctx, t, chain, batch, res)
		}
		if err != nil {
			return err
		}
		if err := chain.save(ctx, t); err != nil {
			return err
		}
		return insertSearchDocs(ctx, t, batch, res)
	})
	return res, err
}

// insertSearchDocs writes the search documents of the batch's new cases in
// one statement, last. On SQLite the full-text index is written by a
// trigger, and FTS5 flushes what it holds in memory to a new segment of the
// index at every statement savepoint: writing each case's document with its
// case made one segment per case (and merge work to match), where one
// statement after everything else makes one segment per batch.
func insertSearchDocs(ctx context.Context, t *tx, batch []*submitReq, res []submitRes) error {
	var args []any
	for i, r := range res {
		if r.err == nil && !r.existed && r.c.ID != 0 {
			d := batch[i].rec.Search
			args = append(args, r.c.ID, d.Title, d.Body)
		}
	}
	if len(args) == 0 {
		return nil
	}
	q := strings.Replace(qUpsertSearch, "VALUES (?, ?, ?)", "VALUES (?, ?, ?)"+strings.Repeat(", (?, ?, ?)", len(args)/3-1), 1)
	_, err := t.exec(ctx, q, args...)
	return err
}

// writeEach writes the batch a record at a time with SQLite's prepared
// single-row statements (no round trips to save there).
func writeEach(ctx context.Context, t *tx, chain *auditChain, batch []*submitReq, res []submitRes) error {
	for i, r := range batch {
		var err error
		if res[i], err = submitOne(ctx, t, chain, r); err != nil {
			return err
		}
	}
	return nil
}

// submitOne writes one record, or answers it without writing (existing
// idempotency key, reference taken, caller gone). An error spoils the batch.
func submitOne(ctx context.Context, t *tx, chain *auditChain, r *submitReq) (submitRes, error) {
	if err := r.ctx.Err(); err != nil {
		return submitRes{err: err}, nil // the caller gave up before its turn: write nothing
	}
	c, err := writeRecord(ctx, t, chain, r)
	if !errors.Is(err, errCaseExists) {
		return submitRes{c: c}, err
	}
	// The case row was not inserted (ON CONFLICT DO NOTHING), so nothing of
	// this record was written: either its idempotency key or its reference
	// is taken.
	if key := r.rec.Case.IdempotencyKey; key != "" {
		c, ok, err := caseByKey(ctx, t, key)
		if err != nil || ok {
			return submitRes{c: c, existed: ok}, err
		}
	}
	return submitRes{err: cases.ErrRefTaken}, nil
}

// errCaseExists means a new case's reference or idempotency key is taken.
var errCaseExists = errors.New("case reference or idempotency key taken")

// writeRecord writes a new case and everything that comes with it but its
// search document, which insertSearchDocs writes for the whole batch.
func writeRecord(ctx context.Context, t *tx, chain *auditChain, r *submitReq) (cases.Case, error) {
	rec, c := r.rec, r.rec.Case
	var id int64
	err := t.queryRow(ctx, qInsertCase, r.caseRow...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errCaseExists
	}
	if err != nil {
		return c, err
	}
	c.ID = id
	r.eventRow[0] = id
	if err := t.queryRow(ctx, qInsertEvent, r.eventRow...).Scan(&rec.Event.ID); err != nil {
		return c, err
	}
	if err := insertOutbox(ctx, t, rec.Outbox...); err != nil {
		return c, err
	}
	if err := insertIdempotency(ctx, t, rec); err != nil {
		return c, err
	}
	if err := insertPoint(ctx, t, c, rec.Point); err != nil {
		return c, err
	}
	if files := caseFiles(c.Answers); len(files) > 0 {
		if err := insertDocuments(ctx, t, c, rec.Event.Actor, c.SubmittedAt, files); err != nil {
			return c, err
		}
	}
	return c, chain.append(ctx, t, rec.Audit)
}

// insertIdempotency keeps an API request's key and fingerprint with its case,
// in the case's transaction: the API used to write them in a transaction of
// their own after the batch, one more fsync for every keyed submission.
func insertIdempotency(ctx context.Context, t *tx, rec cases.Record) error {
	if rec.Case.IdempotencyKey == "" || rec.Fingerprint == "" {
		return nil
	}
	_, err := t.exec(ctx, qInsertIdempotency, rec.Case.IdempotencyKey, rec.Fingerprint, rec.Case.Ref, micros(rec.Case.SubmittedAt))
	return err
}
