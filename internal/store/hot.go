package store

import (
	"context"
	"database/sql"
	"sync"
)

// Hot statements are prepared once on SQLite's single writer connection and
// reused by every transaction: parsing SQL was a sixth of the cost of a
// submission. (PostgreSQL's pgx driver caches prepared statements itself.)

const (
	qInsertCase = `INSERT INTO cases (ref, service_id, team, classification, state, answers, applicant,
		channel, created_by, assignee, clock, clock_start, due_at, paused_since, submitted_at,
		updated_at, closed_at, overdue_notified, version, idempotency_key, sharing, share_ward, share_party, lang, ward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING RETURNING id`
	qInsertEvent = `INSERT INTO case_events (case_id, at, actor, actor_name, kind, transition,
		from_state, to_state, assignee, note, visibility, fields, drafted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	qUpsertSearch = `INSERT INTO case_search (case_id, title, body) VALUES (?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET title = excluded.title, body = excluded.body`
	qInsertOutbox = `INSERT INTO outbox (id, topic, key, payload, created_at, available_at)
			VALUES (?, ?, ?, ?, ?, ?)`
	qInsertAudit = `INSERT INTO audit_log (seq, at, actor, action, subject, classification, detail, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertIdempotency = `INSERT INTO api_idempotency (key, fingerprint, case_ref, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`
	qCaseByKey  = "SELECT " + caseColumns + " FROM cases WHERE idempotency_key = ?"
	qUpdateHead = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"
)

var hotQueries = []string{qInsertCase, qInsertEvent, qUpsertSearch, qInsertOutbox, qInsertAudit, qCaseByKey, qUpdateHead, qInsertIdempotency,
	qSaveDraft, qSubmitDraft}

// hotReads are the reads every page of a form journey makes, prepared once
// on SQLite's reader pool (database/sql prepares them on each reader
// connection the first time it is used).
var hotReads = []string{qLoadDraft}

type hotStmts struct {
	mu    sync.Mutex
	ready bool
	m     map[string]*sql.Stmt
	reads map[string]*sql.Stmt
}

// prepareHot prepares the hot statements once the schema exists. It runs
// outside any transaction (the single writer connection must be free) and
// quietly tries again later if the tables are not there yet.
func (s *Store) prepareHot(ctx context.Context) {
	if !s.d.preparesHot() {
		return
	}
	h := &s.hot
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ready {
		return
	}
	m, err := prepareAll(ctx, s.write, hotQueries)
	if err != nil {
		return
	}
	reads, err := prepareAll(ctx, s.read, hotReads)
	if err != nil {
		closeAll(m)
		return
	}
	h.m, h.reads, h.ready = m, reads, true
}

func prepareAll(ctx context.Context, db *sql.DB, queries []string) (map[string]*sql.Stmt, error) {
	m := map[string]*sql.Stmt{}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			closeAll(m)
			return nil, err
		}
		m[q] = st
	}
	return m, nil
}

func closeAll(m map[string]*sql.Stmt) {
	for _, st := range m {
		st.Close()
	}
}

// queryRowHotRead runs one of hotReads, prepared when it can be.
func (s *Store) queryRowHotRead(ctx context.Context, q string, args ...any) *sql.Row {
	s.prepareHot(ctx)
	s.hot.mu.Lock()
	st := s.hot.reads[q]
	s.hot.mu.Unlock()
	if st == nil || badText(args) {
		return s.queryRowRead(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// hotMap returns the prepared statements, or nil before they exist.
func (s *Store) hotMap() map[string]*sql.Stmt {
	s.hot.mu.Lock()
	defer s.hot.mu.Unlock()
	return s.hot.m
}

func (s *Store) closeHot() {
	s.hot.mu.Lock()
	defer s.hot.mu.Unlock()
	closeAll(s.hot.m)
	closeAll(s.hot.reads)
	s.hot.m, s.hot.reads, s.hot.ready = nil, nil, false
}
