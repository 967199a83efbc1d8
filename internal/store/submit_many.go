package store

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// writeMany writes a batch with one multi-row statement per table. On
// PostgreSQL every statement is a network round trip, so this takes about
// six round trips per batch instead of five per case. (SQLite, with no round
// trips, uses prepared single-row statements instead: see submitOne.)
func writeMany(ctx context.Context, t *tx, chain *auditChain, batch []*submitReq, res []submitRes) error {
	var live []int
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			res[i] = submitRes{err: err} // the caller gave up before its turn: write nothing
			continue
		}
		live = append(live, i)
	}
	if len(live) == 0 {
		return nil
	}
	ids, err := insertCases(ctx, t, batch, live)
	if err != nil {
		return err
	}
	var done []int
	for _, i := range live {
		if ids[i] == 0 { // reference or idempotency key taken: nothing written
			if res[i], err = conflictResult(ctx, t, batch[i].rec.Case); err != nil {
				return err
			}
			continue
		}
		c := batch[i].rec.Case
		c.ID = ids[i]
		res[i] = submitRes{c: c}
		done = append(done, i)
	}
	return writeRest(ctx, t, chain, batch, res, done)
}

// conflictResult answers a record whose case row was not inserted.
func conflictResult(ctx context.Context, t *tx, c cases.Case) (submitRes, error) {
	if c.IdempotencyKey != "" {
		found, ok, err := caseByKey(ctx, t, c.IdempotencyKey)
		if err != nil || ok {
			return submitRes{c: found, existed: ok}, err
		}
	}
	return submitRes{err: cases.ErrRefTaken}, nil
}

// insertCases inserts the live records' cases and returns their ids by
// batch index (0 where the row was skipped on conflict).
func insertCases(ctx context.Context, t *tx, batch []*submitReq, live []int) (map[int]int64, error) {
	var args []any
	for _, i := range live {
		args = append(args, batch[i].caseRow...)
	}
	q := strings.Replace(qInsertCase, "RETURNING id", "RETURNING id, ref, COALESCE(idempotency_key, '')", 1)
	q = strings.Replace(q, "?)\n", "?)"+strings.Repeat(", ("+placeholders(len(batch[live[0]].caseRow))+")", len(live)-1)+"\n", 1)
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[int]int64{}
	for rows.Next() {
		var id int64
		var ref, key string
		if err := rows.Scan(&id, &ref, &key); err != nil {
			return nil, err
		}
		// The first record with this reference and key is the one inserted.
		for _, i := range live {
			c := batch[i].rec.Case
			if ids[i] == 0 && c.Ref == ref && c.IdempotencyKey == key {
				ids[i] = id
				break
			}
		}
	}
	return ids, rows.Err()
}

// writeRest writes events, outbox messages, documents and
// audit entries of the inserted records.
func writeRest(ctx context.Context, t *tx, chain *auditChain, batch []*submitReq, res []submitRes, done []int) error {
	if len(done) == 0 {
		return nil
	}
	var evArgs, a, points []any
	var msgs []jobs.Message
	var entries []audit.Entry
	for _, i := range done {
		rec, c := batch[i].rec, res[i].c
		a = batch[i].eventRow
		a[0] = c.ID
		evArgs = append(evArgs, a...)
		msgs = append(msgs, rec.Outbox...)
		entries = append(entries, rec.Audit)
		if files := caseFiles(c.Answers); len(files) > 0 {
			if err := insertDocuments(ctx, t, c, rec.Event.Actor, c.SubmittedAt, files); err != nil {
				return err
			}
		}
		if p := rec.Point; p != nil {
			points = append(points, c.ID, c.ServiceID, p.Lat, p.Lng)
		}
	}
	evQ := strings.Replace(qInsertEvent, " RETURNING id", strings.Repeat(", ("+placeholders(len(a))+")", len(done)-1), 1)
	if _, err := t.exec(ctx, evQ, evArgs...); err != nil {
		return err
	}
	if err := insertOutbox(ctx, t, msgs...); err != nil {
		return err
	}
	if err := insertIdempotencyMany(ctx, t, batch, done); err != nil {
		return err
	}
	// Most cases of a map service have a point: one statement for the
	// batch, not a round trip each.
	if err := insertRows(ctx, t, "INSERT INTO case_points (case_id, service_id, lat, lng) VALUES ", 4, points, ""); err != nil {
		return err
	}
	return chain.appendMany(ctx, t, entries)
}

// insertIdempotencyMany is insertIdempotency for a batch, in one statement.
func insertIdempotencyMany(ctx context.Context, t *tx, batch []*submitReq, done []int) error {
	var args []any
	for _, i := range done {
		rec := batch[i].rec
		if rec.Case.IdempotencyKey != "" && rec.Fingerprint != "" {
			args = append(args, rec.Case.IdempotencyKey, rec.Fingerprint, rec.Case.Ref, micros(rec.Case.SubmittedAt))
		}
	}
	if len(args) == 0 {
		return nil
	}
	q := strings.Replace(qInsertIdempotency, "VALUES (?, ?, ?, ?)", "VALUES (?, ?, ?, ?)"+strings.Repeat(", (?, ?, ?, ?)", len(args)/4-1), 1)
	_, err := t.exec(ctx, q, args...)
	return err
}
