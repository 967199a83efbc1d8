package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

var _ audit.Store = (*Store)(nil)

// auditChain is the audit head read under the write lock of one transaction;
// appends within the transaction extend it in memory and save writes it back.
type auditChain struct {
	head      audit.Entry
	key       *audit.Key // nil: plain SHA-256 (tests, and tools that only read)
	keyedFrom int64
	keyID     string
	dirty     bool
	rekeyed   bool // keyed_from and key_id must be saved
}

func lockAuditHead(ctx context.Context, t *tx) (*auditChain, error) {
	c := &auditChain{key: t.akey}
	err := t.queryRow(ctx, "SELECT seq, hash, keyed_from, key_id FROM audit_head WHERE id = 1"+t.d.forUpdate()).
		Scan(&c.head.Seq, &c.head.Hash, &c.keyedFrom, &c.keyID)
	if err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	if c.key != nil && c.keyID != "" && c.keyID != c.key.ID() {
		return nil, fmt.Errorf("audit head: the log is keyed with audit key %s, not %s", c.keyID, c.key.ID())
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
	if err := c.startKeyed(ctx, t); err != nil {
		return err
	}
	head := c.head
	args := make([]any, 0, 9*len(entries))
	for _, e := range entries {
		if e.At.IsZero() {
			e.At = t.now
		}
		l := c.link(head, e)
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

func (c *auditChain) link(prev, e audit.Entry) audit.Entry {
	if c.key == nil {
		return audit.Link(prev, e)
	}
	return c.key.Link(prev, e)
}

// ActionChainKeyed marks where a log written before the audit key existed
// becomes keyed: the first keyed entry, naming the last unkeyed one. Its HMAC
// covers that entry's hash, so the unkeyed entries before it cannot be
// rewritten either.
const ActionChainKeyed = "audit.chain_keyed"

// startKeyed records, on the first keyed append, where the keyed chain
// starts, writing the marker entry when unkeyed entries come before it.
func (c *auditChain) startKeyed(ctx context.Context, t *tx) error {
	if c.key == nil || c.keyedFrom != 0 {
		return nil
	}
	c.keyedFrom, c.keyID, c.rekeyed = c.head.Seq+1, c.key.ID(), true
	if c.head.Seq == 0 {
		return nil
	}
	return c.appendRows(ctx, t, qInsertAudit, audit.Entry{At: t.now, Actor: access.System.UserID, Action: ActionChainKeyed,
		Subject: "audit-log", Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{
			"unkeyed_entries": c.head.Seq, "last_unkeyed_hash": c.head.Hash, "key": c.key.ID()})})
}

func (c *auditChain) save(ctx context.Context, t *tx) error {
	if !c.dirty {
		return nil
	}
	if c.rekeyed {
		if _, err := t.exec(ctx, "UPDATE audit_head SET keyed_from = ?, key_id = ? WHERE id = 1", c.keyedFrom, c.keyID); err != nil {
			return err
		}
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
		_, err := appendAuditTx(ctx, t, entries...)
		return err
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

// AuditCount is how many stored entries have a seq up to upTo.
func (s *Store) AuditCount(ctx context.Context, upTo int64) (int64, error) {
	var n int64
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM audit_log WHERE seq <= ?", upTo).Scan(&n)
	return n, err
}

// AuditKeying is what the database records of the audit key: the seq of the
// first keyed entry (0: none yet) and the key's id.
func (s *Store) AuditKeying(ctx context.Context) (keyedFrom int64, keyID string, err error) {
	err = s.queryRowRead(ctx, "SELECT keyed_from, key_id FROM audit_head WHERE id = 1").Scan(&keyedFrom, &keyID)
	return keyedFrom, keyID, err
}

// SetAuditKey makes every later append keyed with k. Call it before the
// first write. Errors: fault.Invalid when the log is already keyed with
// another key.
func (s *Store) SetAuditKey(ctx context.Context, k *audit.Key) error {
	_, id, err := s.AuditKeying(ctx)
	if err != nil {
		return fmt.Errorf("audit keying: %w", err)
	}
	if id != "" && id != k.ID() {
		return fault.New(fault.Invalid, "the audit log is keyed with audit key %s, but the key file given is %s", id, k.ID())
	}
	s.akey.Store(k)
	return nil
}

// AuditKey is the key appends are chained with (nil: plain SHA-256).
func (s *Store) AuditKey() *audit.Key { return s.akey.Load() }

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
