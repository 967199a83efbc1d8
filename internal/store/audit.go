package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

var _ audit.Store = (*Store)(nil)

// auditChain is the audit head read under the write lock of one transaction;
// appends within the transaction extend it in memory and save writes it back.
type auditChain struct {
	head  audit.Entry
	dirty bool
}

func lockAuditHead(ctx context.Context, t *tx) (*auditChain, error) {
	c := &auditChain{}
	err := t.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+t.d.forUpdate()).Scan(&c.head.Seq, &c.head.Hash)
	if err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	return c, nil
}

func (c *auditChain) append(ctx context.Context, t *tx, entries ...audit.Entry) error {
	for _, e := range entries {
		if err := c.appendRows(ctx, t, qInsertAudit, e); err != nil {
			return err
		}
	}
	return nil
}

// appendMany chains entries and writes them with one multi-row statement
// (one round trip on PostgreSQL).
func (c *auditChain) appendMany(ctx context.Context, t *tx, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	return c.appendRows(ctx, t, qInsertAudit+strings.Repeat(", (?, ?, ?, ?, ?, ?, ?, ?, ?)", len(entries)-1), entries...)
}

func (c *auditChain) appendRows(ctx context.Context, t *tx, q string, entries ...audit.Entry) error {
	head := c.head
	args := make([]any, 0, 9*len(entries))
	for _, e := range entries {
		if e.At.IsZero() {
			e.At = t.now
		}
		l := audit.Link(head, e)
		var detail any
		if len(l.Detail) > 0 {
			detail = string(l.Detail)
		}
		args = append(args, l.Seq, micros(l.At), l.Actor, l.Action, l.Subject, l.Classification, detail, l.PrevHash, l.Hash)
		head = l
	}
	if _, err := t.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	c.head, c.dirty = head, true
	return nil
}

func (c *auditChain) save(ctx context.Context, t *tx) error {
	if !c.dirty {
		return nil
	}
	_, err := t.exec(ctx, qUpdateHead, c.head.Seq, c.head.Hash)
	return err
}

// AppendAudit chains and appends standalone audit entries in one transaction.
func (s *Store) AppendAudit(ctx context.Context, entries ...audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	return s.update(ctx, func(t *tx) error {
		c, err := lockAuditHead(ctx, t)
		if err != nil {
			return err
		}
		if err := c.append(ctx, t, entries...); err != nil {
			return err
		}
		return c.save(ctx, t)
	})
}

// AuditHead returns the seq and hash of the last entry as recorded beside
// the log, so that Verify can tell a deleted tail from a short log.
func (s *Store) AuditHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := s.queryRowRead(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash)
	return seq, hash, err
}

// AuditEntries returns entries matching f in seq order (descending when
// f.Newest), at most f.Limit (1000 when zero).
func (s *Store) AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	w := auditWhere(f)
	order := " ORDER BY seq"
	if f.Newest {
		order += " DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.queryRead(ctx, `SELECT seq, at, actor, action, subject, classification, detail, prev_hash, hash
		FROM audit_log`+w.sql()+order+" LIMIT ?", append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func auditWhere(f audit.Filter) *where {
	w := &where{}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"action", f.Action}, {"subject", f.Subject}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if !f.From.IsZero() {
		w.add("at >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ?", micros(f.To))
	}
	switch {
	case f.AfterSeq > 0 && f.Newest:
		w.add("seq < ?", f.AfterSeq)
	case f.AfterSeq > 0:
		w.add("seq > ?", f.AfterSeq)
	}
	return w
}

func scanEntry(r scanner) (audit.Entry, error) {
	var e audit.Entry
	var at int64
	var detail sql.NullString
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Classification, &detail, &e.PrevHash, &e.Hash); err != nil {
		return e, err
	}
	e.At = fromMicros(at)
	if detail.Valid {
		e.Detail = []byte(detail.String)
	}
	return e, nil
}
