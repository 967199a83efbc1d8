package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// removal is what one disposal takes away: the rows as read (hashed into
// the certificate), the blobs they name, and the statements that remove them.
type removal struct {
	content map[string][]map[string]any
	blobs   []string
	stmts   []stmt
}

type stmt struct {
	q    string
	args []any
}

// read adds the rows q selects to the removal under name.
func (r *removal) read(ctx context.Context, t *tx, name, q string, args ...any) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := map[string]any{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			row[c] = vals[i]
		}
		r.content[name] = append(r.content[name], row)
	}
	return rows.Err()
}

func (r *removal) then(q string, args ...any) { r.stmts = append(r.stmts, stmt{q, args}) }

// Dispose carries out one approved disposal in one transaction (records.Store).
func (s *Store) Dispose(ctx context.Context, p records.Disposal) (records.StoredCertificate, error) {
	var out records.StoredCertificate
	err := s.update(ctx, func(t *tx) error {
		if held, err := heldTx(ctx, t, p.Holds); err != nil || held {
			if held {
				return records.ErrHeld
			}
			return err
		}
		if newer, err := newerDynamicHoldTx(ctx, t, p.HoldsSeen); err != nil || newer {
			if newer {
				return records.ErrHeld
			}
			return err
		}
		r := &removal{content: map[string][]map[string]any{}}
		var err error
		if p.Due.Kind == records.KindCase {
			err = planCase(ctx, t, r, p)
		} else {
			err = planDocument(ctx, t, r, p)
		}
		if err != nil {
			return err
		}
		for _, st := range r.stmts {
			if _, err := t.exec(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		out, err = keepCertificate(ctx, t, p, r)
		return err
	})
	return out, err
}

func heldTx(ctx context.Context, t *tx, targets []records.HoldTarget) (bool, error) {
	if len(targets) == 0 {
		return false, nil
	}
	cond, args := holdsWhere(targets)
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM record_holds WHERE "+cond, args...).Scan(&n)
	return n > 0, err
}

// keepCertificate chains the certificate and takes the item off the list.
func keepCertificate(ctx context.Context, t *tx, p records.Disposal, r *removal) (records.StoredCertificate, error) {
	sc, err := chainCertificate(ctx, t, p.Certificate, r)
	if err != nil {
		return sc, err
	}
	_, err = t.exec(ctx, "DELETE FROM record_due WHERE id = ?", p.Due.ID)
	return sc, err
}

// chainCertificate completes the certificate from what was removed, chains
// it into the audit log, keeps it and queues the files it freed.
func chainCertificate(ctx context.Context, t *tx, cert records.Certificate, r *removal) (records.StoredCertificate, error) {
	content, err := json.Marshal(r.content) // maps encode with sorted keys: canonical
	if err != nil {
		return records.StoredCertificate{}, err
	}
	cert.DisposedAt = t.now
	cert.ContentSHA256 = records.Hash(content)
	slices.Sort(r.blobs)
	cert.Blobs = slices.Compact(r.blobs)
	cert.Rows = map[string]int{}
	for name, rows := range r.content {
		cert.Rows[name] = len(rows)
	}
	b := cert.Encode()
	sc := records.StoredCertificate{Kind: cert.Kind, Subject: cert.Subject, JSON: b, SHA256: records.Hash(b), At: t.now}
	if sc.AuditSeq, err = appendAuditTx(ctx, t, cert.AuditEntry()); err != nil {
		return sc, err
	}
	err = t.queryRow(ctx, `INSERT INTO record_disposals (kind, subject, certificate, sha256, audit_seq, disposed_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, sc.Kind, sc.Subject, string(b), sc.SHA256, sc.AuditSeq, micros(t.now)).Scan(&sc.ID)
	if err != nil {
		return sc, err
	}
	return sc, queueBlobs(ctx, t, cert.Blobs)
}

// planCase reads a case's rows and plans their removal: all of them, or,
// when anonymising, everything personal while the case row keeps its
// dates, state, team and the answers p.Keep names, for statistics.
func planCase(ctx context.Context, t *tx, r *removal, p records.Disposal) error {
	ref := p.Due.Subject
	var id int64
	var answers string
	if err := t.queryRow(ctx, "SELECT id, answers FROM cases WHERE ref = ?", ref).Scan(&id, &answers); err != nil {
		return notFound(err, "case "+ref)
	}
	reads := []struct{ name, q string }{
		{"documents", "SELECT * FROM documents WHERE case_id = ? ORDER BY id"},
		{"people_records", "SELECT * FROM people_records WHERE case_ref = ? ORDER BY id"},
		{"outbox", "SELECT * FROM outbox WHERE key = ? ORDER BY id"},
		{"drafts", "SELECT * FROM drafts WHERE submitted_ref = ? ORDER BY id"},
	}
	for _, rd := range reads {
		arg := any(ref)
		if rd.name == "documents" {
			arg = id
		}
		if err := r.read(ctx, t, rd.name, rd.q, arg); err != nil {
			return err
		}
	}
	for _, d := range r.content["documents"] {
		r.blobs = append(r.blobs, fmt.Sprint(d["blob_key"]))
	}
	r.then("DELETE FROM documents WHERE case_id = ?", id)
	r.then("DELETE FROM people_records WHERE case_ref = ?", ref)
	r.then("DELETE FROM outbox WHERE key = ?", ref)
	r.then("DELETE FROM drafts WHERE submitted_ref = ?", ref)
	if p.Anonymise {
		return planAnonymise(ctx, t, r, id, answers, p.Keep)
	}
	for _, rd := range []struct{ name, q string }{
		{"cases", "SELECT * FROM cases WHERE id = ?"},
		{"case_events", "SELECT * FROM case_events WHERE case_id = ? ORDER BY id"},
		{"case_search", "SELECT case_id, title, body FROM case_search WHERE case_id = ?"},
	} {
		if err := r.read(ctx, t, rd.name, rd.q, id); err != nil {
			return err
		}
	}
	r.then("DELETE FROM people_case_places WHERE case_ref = ?", ref)
	r.then("DELETE FROM cases WHERE id = ?", id) // events and search go with it (ON DELETE CASCADE)
	return nil
}

func planAnonymise(ctx context.Context, t *tx, r *removal, id int64, answers string, keep []string) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal([]byte(answers), &all); err != nil {
		return fmt.Errorf("case %d answers: %w", id, err)
	}
	kept, gone := map[string]json.RawMessage{}, map[string]any{}
	for k, v := range all {
		if slices.Contains(keep, k) {
			kept[k] = v
		} else {
			gone[k] = string(v)
		}
	}
	r.content["answers"] = []map[string]any{gone}
	if err := r.read(ctx, t, "applicant", "SELECT applicant FROM cases WHERE id = ?", id); err != nil {
		return err
	}
	if err := r.read(ctx, t, "case_events", "SELECT id, actor_name, note, fields FROM case_events WHERE case_id = ? ORDER BY id", id); err != nil {
		return err
	}
	if err := r.read(ctx, t, "case_search", "SELECT case_id, title, body FROM case_search WHERE case_id = ?", id); err != nil {
		return err
	}
	keptJSON, err := json.Marshal(kept)
	if err != nil {
		return err
	}
	r.then("UPDATE cases SET answers = ?, applicant = '{}', anonymised_at = ? WHERE id = ?", string(keptJSON), micros(t.now), id)
	r.then("UPDATE case_events SET actor_name = '', note = '', fields = NULL WHERE case_id = ?", id)
	r.then("DELETE FROM case_search WHERE case_id = ?", id)
	return nil
}

// planDocument plans the removal of a document, its versions and its
// search entry; its files go once nothing else names them.
func planDocument(ctx context.Context, t *tx, r *removal, p records.Disposal) error {
	id, err := strconv.ParseInt(p.Due.Subject, 10, 64)
	if err != nil {
		return fault.New(fault.NotFound, "document %s", p.Due.Subject)
	}
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM record_documents WHERE id = ?", id).Scan(&n); err != nil || n == 0 {
		return notFound(orNoRows(err), "document "+p.Due.Subject)
	}
	for _, rd := range []struct{ name, q string }{
		{"record_documents", "SELECT * FROM record_documents WHERE id = ?"},
		{"record_versions", "SELECT * FROM record_versions WHERE document_id = ? ORDER BY version"},
		{"record_search", "SELECT document_id, title, body FROM record_search WHERE document_id = ?"},
	} {
		if err := r.read(ctx, t, rd.name, rd.q, id); err != nil {
			return err
		}
	}
	for _, v := range r.content["record_versions"] {
		r.blobs = append(r.blobs, fmt.Sprint(v["blob_key"]))
	}
	r.then("DELETE FROM record_documents WHERE id = ?", id) // versions and search cascade
	return nil
}

func orNoRows(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}

// QueuedBlobs returns up to limit keys queued for deletion after the key
// after, in key order: a cursor, so that keys a run leaves queued (put
// recently) do not hold up the rest (records.Store).
func (s *Store) QueuedBlobs(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.queryRead(ctx, "SELECT blob_key FROM record_blob_deletes WHERE blob_key > ? ORDER BY blob_key LIMIT ?", after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

const certColumns = "id, kind, subject, certificate, sha256, audit_seq, disposed_at"

func scanCert(r scanner) (records.StoredCertificate, error) {
	var c records.StoredCertificate
	var body string
	var at int64
	err := r.Scan(&c.ID, &c.Kind, &c.Subject, &body, &c.SHA256, &c.AuditSeq, &at)
	c.JSON, c.At = []byte(body), fromMicros(at)
	return c, err
}

// Certificates lists disposal certificates, newest first (records.Store).
func (s *Store) Certificates(ctx context.Context, limit int) ([]records.StoredCertificate, error) {
	rows, err := s.queryRead(ctx, "SELECT "+certColumns+" FROM record_disposals ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.StoredCertificate
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Certificate returns one certificate, or fault.NotFound (records.Store).
func (s *Store) Certificate(ctx context.Context, id int64) (records.StoredCertificate, error) {
	c, err := scanCert(s.queryRowRead(ctx, "SELECT "+certColumns+" FROM record_disposals WHERE id = ?", id))
	return c, notFound(err, fmt.Sprintf("certificate %d", id))
}
