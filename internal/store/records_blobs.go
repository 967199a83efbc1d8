package store

import (
	"context"
	"time"
)

// NoteBlobPut records that key is being stored now. The upload path calls
// it before writing the bytes (blob.Guarded), so that DeleteFreedBlob
// leaves the blob alone however the two interleave.
func (s *Store) NoteBlobPut(ctx context.Context, key string) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO blob_puts (blob_key, put_at) VALUES (?, ?)
			ON CONFLICT (blob_key) DO UPDATE SET put_at = excluded.put_at`, key, micros(t.now))
		return err
	})
}

// DeleteFreedBlob deletes a blob disposal queued, calling del inside one
// transaction that holds the key's blob_puts row locked, when no row names
// the key (a case's document, a record's version, or a live draft's file
// answer, however long ago the bytes were stored) and it was not stored at
// or after keepAfter. A put of the same
// bytes waits on that lock (NoteBlobPut) until the blob is gone, and then
// writes it afresh; a put noted first stops the deletion. A key still
// named, or put since keepAfter, stays queued only while named-or-recent:
// named keys leave the queue (their blob stays), recent ones wait for a
// later run. It reports whether the blob was deleted (records.Store).
func (s *Store) DeleteFreedBlob(ctx context.Context, key string, keepAfter time.Time, del func(context.Context, string) error) (bool, error) {
	deleted := false
	err := s.update(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, "INSERT INTO blob_puts (blob_key, put_at) VALUES (?, 0) ON CONFLICT (blob_key) DO NOTHING", key); err != nil {
			return err
		}
		var putAt int64
		if err := t.queryRow(ctx, "SELECT put_at FROM blob_puts WHERE blob_key = ?"+t.d.forUpdate(), key).Scan(&putAt); err != nil {
			return err
		}
		var named bool
		if err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE blob_key = ?)
			OR EXISTS (SELECT 1 FROM record_versions WHERE blob_key = ?) OR `+t.d.draftNamesBlob(), key, key, key).Scan(&named); err != nil {
			return err
		}
		if named {
			_, err := t.exec(ctx, "DELETE FROM record_blob_deletes WHERE blob_key = ?", key)
			return err
		}
		if putAt >= micros(keepAfter) {
			return nil // stored recently: perhaps for a draft not yet sent
		}
		res, err := t.exec(ctx, "DELETE FROM record_blob_deletes WHERE blob_key = ?", key)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // another run took it
		}
		if _, err := t.exec(ctx, "DELETE FROM blob_puts WHERE blob_key = ?", key); err != nil {
			return err
		}
		if err := del(ctx, key); err != nil {
			return err
		}
		deleted = true
		return nil
	})
	if err != nil {
		return false, err
	}
	return deleted, nil
}
