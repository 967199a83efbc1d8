// Package store is the only package that speaks SQL. It implements the
// storage interfaces of the domain packages (cases.Store, jobs.Store,
// audit.Store …) on SQLite (embedded default) and PostgreSQL (production).
//
// SQLite runs in WAL mode with synchronous=FULL by default, one writer
// connection taken in turn (writer.go), a separate pool of query-only readers
// and a connection that checkpoints the WAL (checkpoint.go). Every public
// method is one transaction. Submissions are group-committed: concurrent
// SubmitCase calls share one transaction and one fsync, and each caller is
// answered only after that commit.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Config says which database to open and how.
type Config struct {
	// URL is a postgres:// (or postgresql://) URL, or a SQLite file path.
	// When empty, the SQLite file guildhall.db in Dir is used.
	URL string
	Dir string
	// SQLiteSync is "full" (default: a commit survives power loss) or "normal"
	// (a commit survives a crash of the process, not of the machine).
	SQLiteSync string
	// MaxBatch bounds how many submissions one group commit takes (default 256).
	MaxBatch int
	// AuditKey keys the audit chain (see audit.Key and SetAuditKey); nil
	// chains with plain SHA-256, for tests and read-only tools.
	AuditKey *audit.Key
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// AfterSubmitCommit, when set, runs after each group commit of
	// submissions and before any of their callers is answered. It is a test
	// hook (cmd/guildhall sets it only from GUILDHALL_TEST_CRASH_AFTER_COMMIT)
	// for crashing in the window between commit and reply; nil in production.
	AfterSubmitCommit func()
}

// Store is an open database.
type Store struct {
	d      dialect
	write  *sql.DB // SQLite: one connection; PostgreSQL: the pool
	read   *sql.DB // SQLite: query-only readers; PostgreSQL: the same pool
	now    func() time.Time
	log    *slog.Logger
	submit *batcher
	group  *grouper      // SQLite only: see group.go
	turn   *writerTurn   // SQLite only: see writer.go
	ckpt   *checkpointer // SQLite only: see checkpoint.go
	once   sync.Once
	hot    hotStmts
	reads  readStmts
	akey   atomic.Pointer[audit.Key]
	counts writeCounts
}

// Open opens (creating if needed) the database Config names. It does not
// migrate: call Migrate. Errors: fault.Invalid for a bad configuration.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s := &Store{now: cfg.Now, log: cfg.Logger}
	if cfg.AuditKey != nil {
		s.akey.Store(cfg.AuditKey)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	var err error
	if isPostgres(cfg.URL) {
		err = s.openPostgres(ctx, cfg.URL)
	} else {
		err = s.openSQLite(ctx, cfg)
	}
	if err != nil {
		return nil, err
	}
	s.submit = newBatcher(s, cfg.MaxBatch)
	s.submit.afterCommit = cfg.AfterSubmitCommit
	if !isPostgres(cfg.URL) {
		s.group = newGrouper(s)
	}
	return s, nil
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Close stops the group committer and closes the database.
func (s *Store) Close() error {
	var err error
	s.once.Do(func() {
		s.submit.stop()
		if s.group != nil {
			s.group.stop()
		}
		s.closeHot()
		s.closeReads()
		if s.ckpt != nil {
			err = s.ckpt.stop()
		}
		err = errors.Join(err, s.write.Close())
		if s.read != s.write {
			err = errors.Join(err, s.read.Close())
		}
	})
	return err
}

// tx is a transaction with the store's dialect and a timestamp fixed at its
// start, so that every row one change writes carries the same time.
type tx struct {
	*sql.Tx
	d   dialect
	now time.Time
	hot map[string]*sql.Stmt // prepared hot statements (SQLite), or nil
	// prepared are the other statements prepared in this transaction (hot.go)
	prepared map[string]*sql.Stmt
	akey     *audit.Key  // keys audit entries appended in this transaction
	bad      bool        // an argument was text the store refuses (text_guard.go)
	turn     *writerTurn // the writer's turn this transaction gives up when it ends, or nil
}

func (s *Store) begin(ctx context.Context) (*tx, error) {
	if s.turn == nil {
		return s.beginInTurn(ctx)
	}
	if err := s.turn.take(ctx); err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	t, err := s.beginInTurn(ctx)
	if err != nil {
		s.turn.give()
		return nil, err
	}
	t.turn = s.turn
	return t, nil
}

// beginInTurn begins a transaction for a caller that already holds the
// writer's turn (a commit queue holds it for a whole batch), or on
// PostgreSQL, which has no turn to take.
func (s *Store) beginInTurn(ctx context.Context) (*tx, error) {
	s.prepareHot(ctx)
	t, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.d.mapErr(fmt.Errorf("begin: %w", err))
	}
	return &tx{Tx: t, d: s.d, now: s.now().UTC(), hot: s.hotMap(), akey: s.akey.Load()}, nil
}

// Commit commits and gives up the writer's turn.
func (t *tx) Commit() error {
	defer t.end()
	return t.Tx.Commit()
}

// Rollback rolls back (if still open) and gives up the writer's turn.
func (t *tx) Rollback() error {
	defer t.end()
	return t.Tx.Rollback()
}

// end gives the turn to the next writer once database/sql has the
// connection back, so the next BeginTx finds it free.
func (t *tx) end() {
	if t.turn != nil {
		t.turn.give()
		t.turn = nil
	}
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if badText(args) {
		t.bad = true
		return nil, errBadText
	}
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if badText(args) {
		t.bad = true
		return nil, errBadText
	}
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if badText(args) {
		t.bad = true
		return t.QueryRowContext(ctx, noRowsQuery)
	}
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// update runs fn in one write transaction and commits it, running the
// whole transaction again if the database aborted it as a deadlock's victim
// (retrying), so fn may run more than once.
func (s *Store) update(ctx context.Context, fn func(*tx) error) error {
	return s.retrying(ctx, func() error {
		t, err := s.begin(ctx)
		if err != nil {
			return err
		}
		return s.finish(t, fn)
	})
}

// updateInTurn is update for a caller that holds the writer's turn.
func (s *Store) updateInTurn(ctx context.Context, fn func(*tx) error) error {
	return s.retrying(ctx, func() error {
		t, err := s.beginInTurn(ctx)
		if err != nil {
			return err
		}
		return s.finish(t, fn)
	})
}

// finish runs fn in t and commits, or rolls back on any failure.
func (s *Store) finish(t *tx, fn func(*tx) error) error {
	defer t.Rollback()
	err := fn(t)
	switch {
	case t.bad:
		return errBadText
	case err != nil:
		return s.d.mapErr(err)
	}
	return s.d.mapErr(t.Commit())
}

// queryRead runs a read on the reader pool.
func (s *Store) queryRead(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if badText(args) {
		return s.read.QueryContext(ctx, noRowsQuery)
	}
	if st := s.readStmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.read.QueryContext(ctx, s.d.rebind(q), args...)
}

func (s *Store) queryRowRead(ctx context.Context, q string, args ...any) *sql.Row {
	if badText(args) {
		return s.read.QueryRowContext(ctx, noRowsQuery)
	}
	if st := s.readStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// notFound turns sql.ErrNoRows into fault.NotFound naming what was looked for.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.NotFound, "%s", what)
	}
	return err
}
