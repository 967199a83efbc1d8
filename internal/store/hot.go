package store

import (
	"container/list"
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

// Besides the hot statements, every statement a transaction runs on SQLite
// is prepared the first time it runs in it and reused until it ends, and
// reads are prepared once on the reader pool and kept while they are among
// the most recently used: SQLite parses a statement afresh on each call
// otherwise, and parsing was a fifth of the CPU of a people-linkage batch
// (the same few statements for each of 500 persons) and of an import.

// maxTxStatements bounds the statements one transaction keeps prepared.
const maxTxStatements = 64

// stmt returns q prepared for this transaction, or nil to run it unprepared
// (on PostgreSQL, whose driver caches statements itself; past the bound; or
// when preparing fails, so that running it reports the error as before).
func (t *tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if st := t.hot[q]; st != nil {
		return t.StmtContext(ctx, st)
	}
	if !t.d.preparesHot() {
		return nil
	}
	if st, ok := t.prepared[q]; ok {
		return st
	}
	if len(t.prepared) >= maxTxStatements {
		return nil
	}
	st, err := t.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if t.prepared == nil {
		t.prepared = map[string]*sql.Stmt{}
	}
	t.prepared[q] = st // closed by database/sql when the transaction ends
	return st
}

// readStmts are reads prepared on SQLite's reader pool, the most recently
// used kept (database/sql prepares each on a reader connection the first
// time it runs there; an evicted one is finalised once no query uses it).
type readStmts struct {
	mu    sync.Mutex
	order *list.List // of *readStmt, most recently used first
	byQ   map[string]*list.Element
}

type readStmt struct {
	q  string
	st *sql.Stmt
}

// maxReadStatements bounds the reads kept prepared, and maxReadLen the
// length of one: a read of a long list of values (hundreds of placeholders)
// is parsed once for all of them anyway, and kept on every reader
// connection it would hold memory the linkage job's ceiling counts.
const (
	maxReadStatements = 128
	maxReadLen        = 2048
)

// readStmt returns q prepared on the reader pool, or nil to run it
// unprepared (PostgreSQL, a long list, or preparing failed).
func (s *Store) readStmt(ctx context.Context, q string) *sql.Stmt {
	if !s.d.preparesHot() || len(q) > maxReadLen {
		return nil
	}
	r := &s.reads
	r.mu.Lock()
	if e, ok := r.byQ[q]; ok {
		r.order.MoveToFront(e)
		r.mu.Unlock()
		return e.Value.(*readStmt).st
	}
	r.mu.Unlock()
	st, err := s.read.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.byQ[q]; ok { // prepared meanwhile by another caller
		st.Close()
		return e.Value.(*readStmt).st
	}
	if r.order == nil {
		r.order, r.byQ = list.New(), map[string]*list.Element{}
	}
	r.byQ[q] = r.order.PushFront(&readStmt{q: q, st: st})
	if r.order.Len() > maxReadStatements {
		old := r.order.Remove(r.order.Back()).(*readStmt)
		delete(r.byQ, old.q)
		old.st.Close()
	}
	return st
}

// closeReads finalises the prepared reads.
func (s *Store) closeReads() {
	r := &s.reads
	r.mu.Lock()
	defer r.mu.Unlock()
	for q, e := range r.byQ {
		e.Value.(*readStmt).st.Close()
		delete(r.byQ, q)
	}
	r.order = nil
}
