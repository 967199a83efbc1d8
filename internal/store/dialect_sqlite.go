package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

type sqliteDialect struct{}

func (sqliteDialect) name() string               { return "sqlite" }
func (sqliteDialect) rebind(q string) string     { return q }
func (sqliteDialect) forUpdate() string          { return "" } // one writer: the write lock is held from BEGIN IMMEDIATE
func (sqliteDialect) skipLocked() string         { return "" }
func (sqliteDialect) migrationLock() string      { return "" }
func (sqliteDialect) notOverdueNotified() string { return "overdue_notified = 0" }
func (sqliteDialect) textArg(text string) string { return ftsQuery(text) }

func (sqliteDialect) preparesHot() bool { return true }

// spillSorts: the store keeps temporary files in memory (Open), and a sort
// of a million rows held there would grow the process by its size.
func (sqliteDialect) spillSorts() (on, off string) {
	return "PRAGMA temp_store = FILE", "PRAGMA temp_store = MEMORY"
}

func (sqliteDialect) tableExists() string {
	return "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
}

// draftNamesBlob is true when a draft's answers name the file ? (a file
// answer's key, at the answers' top level, where every file answer is).
func (sqliteDialect) draftNamesBlob() string {
	return "EXISTS (SELECT 1 FROM drafts dr, json_each(dr.answers) a WHERE json_extract(a.value, '$.file.key') = ?)"
}

func (sqliteDialect) applicantEmail() string { return "lower(json_extract(applicant, '$.email'))" }

// textMatches walks the full-text index newest first (FTS5 reads rowids in
// descending order without sorting) and joins each match to its row; the
// CROSS JOIN keeps SQLite from driving the search from the row table,
// which would re-run the full-text query for every row. A word in more
// than commonWordMatches rows is not weighed by bm25, which would read
// every posting of it.
func (d sqliteDialect) textMatches(ix textIndex, conds string, _ textRead) string {
	return `SELECT ` + ix.columns + `, 0 AS candidates, CASE WHEN (` + d.matchCount(ix, commonWordMatches+1) + `) <= ` + strconv.Itoa(commonWordMatches) + `
			THEN bm25(` + ix.fts + `, 4.0, 1.0) ELSE 0 END AS text_rank
		FROM ` + ix.fts + ` CROSS JOIN ` + ix.rows + ` ON ` + ix.rowID + ` = ` + ix.fts + `.rowid
		WHERE ` + ix.fts + ` MATCH ?` + conds + ` ORDER BY ` + ix.fts + `.rowid DESC LIMIT ?`
}

func (sqliteDialect) matchCount(ix textIndex, limit int) string {
	return `SELECT count(*) FROM (SELECT 1 FROM ` + ix.fts + ` WHERE ` + ix.fts + ` MATCH ? LIMIT ` + strconv.Itoa(limit) + `)`
}

// matchEstimate: SQLite counts in textMatches, up to commonWordMatches+1;
// FTS5 reads the count from the word's posting list.
func (sqliteDialect) matchEstimate(textIndex) string { return "" }

func (sqliteDialect) textMatchArgs(text string) []any {
	q := ftsQuery(text)
	return []any{q, q}
}

func (d sqliteDialect) isUnique(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// transient is false: one writer connection cannot deadlock, and a busy
// database file is waited for by busy_timeout.
func (sqliteDialect) transient(error) bool { return false }

func (d sqliteDialect) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch {
		case d.isUnique(err):
			return fault.Wrap(fault.Conflict, err, "already exists")
		case e.Code()&0xff == sqlite3.SQLITE_BUSY:
			return fault.Wrap(fault.Unavailable, err, "database busy")
		}
	}
	return err
}

// ftsQuery makes an FTS5 query from what a person typed: every word must
// appear (stemmed by the index's porter tokenizer, as on PostgreSQL), and
// FTS5 syntax is quoted away. No word is a prefix: FTS5 answers a prefix by
// merging the posting lists of every word it starts, reading every case a
// common word is in.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !(r == '-' || r == '\'' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	})
	var parts []string
	for _, w := range words {
		w = strings.ReplaceAll(w, `"`, `""`)
		parts = append(parts, `"`+w+`"`)
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " ")
}

// openSQLite opens one writer connection and a pool of query-only readers.
// busy_timeout comes first so that the pragmas after it wait for locks.
func (s *Store) openSQLite(ctx context.Context, cfg Config) error {
	path := cfg.URL
	if path == "" {
		if cfg.Dir == "" {
			return fault.New(fault.Invalid, "store: neither a database URL nor a data folder")
		}
		if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
			return fmt.Errorf("store: data folder: %w", err)
		}
		path = filepath.Join(cfg.Dir, "guildhall.db")
	}
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite://"), "file:")
	sync := "FULL"
	switch strings.ToLower(cfg.SQLiteSync) {
	case "", "full":
	case "normal":
		sync = "NORMAL"
	default:
		return fault.New(fault.Invalid, "store: sqlite sync %q: want full or normal", cfg.SQLiteSync)
	}
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")" +
		// Savepoint and statement journals in memory, not temporary files.
		"&_pragma=temp_store(MEMORY)"
	// The writer never checkpoints: the checkpointer does (checkpoint.go).
	w, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	r.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	c, err := sql.Open("sqlite", base)
	if err != nil {
		w.Close()
		r.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	s.d, s.write, s.read = sqliteDialect{}, w, r
	s.turn = &writerTurn{}
	s.ckpt = startCheckpointer(c, func(err error) { s.log.Warn("store: checkpoint", "err", err) })
	return nil
}
