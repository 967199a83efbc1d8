package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/guildhall-platform/guildhall/internal/fault"
)

type postgresDialect struct{}

func (postgresDialect) name() string               { return "postgres" }
func (postgresDialect) rebind(q string) string     { return rebindDollar(q) }
func (postgresDialect) forUpdate() string          { return " FOR UPDATE" }
func (postgresDialect) skipLocked() string         { return " FOR UPDATE SKIP LOCKED" }
func (postgresDialect) textArg(text string) string { return text }
func (postgresDialect) notOverdueNotified() string { return "NOT overdue_notified" }

// spillSorts: PostgreSQL sorts beyond work_mem through files already.
func (postgresDialect) spillSorts() (on, off string) { return "", "" }

// migrationLock: an arbitrary constant key ("guildhall" on a phone keypad).
func (postgresDialect) migrationLock() string { return "SELECT pg_advisory_xact_lock(4845345528)" }

func (postgresDialect) preparesHot() bool { return false }

func (postgresDialect) tableExists() string {
	return "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
}

// draftNamesBlob: see the SQLite dialect's.
func (postgresDialect) draftNamesBlob() string {
	return "EXISTS (SELECT 1 FROM drafts dr, jsonb_each(dr.answers) a WHERE a.value -> 'file' ->> 'key' = ?)"
}

func (postgresDialect) applicantEmail() string { return "lower(applicant ->> 'email')" }

// textMatches ranks with ts_rank, which reads only the row's own tsvector,
// so ranking costs nothing per word however common. A common word's
// matches are read newest first by the primary key, stopping after LIMIT
// rows. A rarer word's are read through the GIN index (at most read.most,
// counted in candidates), only those above read.above if given: the
// planner then ANDs the GIN bitmap with the primary key's range or walks
// the range, so only the window's rows are read from the heap, where the
// whole word cost a heap page per match (20,000 pages for a word in 1 in
// 50 of a million rows). They are then probed newest first against the
// rows: walking the primary key for a word in a few rows tests every
// tsvector in the table, and ORDER BY id DESC LIMIT made the planner
// choose that walk for rare and mid words (0.4–3 s at 1M cases). OFFSET 0
// keeps the probe a nested loop that stops at LIMIT. The window's bound is
// written into the query, not bound, so that the planner weighs its range.
// The rank is made from the tsvector the index read already fetched: a
// second look-up of each row cost four buffers a match.
func (postgresDialect) textMatches(ix textIndex, conds string, read textRead) string {
	if read.walk {
		return `SELECT ` + ix.columns + `, 0 AS candidates, -ts_rank(` + ix.table + `.tsv, websearch_to_tsquery('english', ?)) AS text_rank
		FROM ` + ix.rows + ` JOIN ` + ix.table + ` ON ` + ix.table + `.` + ix.key + ` = ` + ix.rowID + `
		WHERE ` + ix.table + `.tsv @@ websearch_to_tsquery('english', ?)` + conds + ` ORDER BY ` + ix.rowID + ` DESC LIMIT ?`
	}
	above := ""
	if read.above > 0 {
		above = ` AND ` + ix.key + ` > ` + strconv.FormatInt(read.above, 10)
	}
	return `WITH m AS MATERIALIZED (SELECT ` + ix.key + ` AS id, tsv FROM ` + ix.table + ` WHERE tsv @@ websearch_to_tsquery('english', ?)` + above + ` LIMIT ` + strconv.Itoa(read.most) + `)
		SELECT found.*, (SELECT count(*) FROM m) AS candidates, -ts_rank(newest.tsv, websearch_to_tsquery('english', ?)) AS text_rank
		FROM (SELECT id, tsv FROM m ORDER BY id DESC) newest
		CROSS JOIN LATERAL (SELECT ` + ix.columns + ` FROM ` + ix.rows + ` WHERE ` + ix.rowID + ` = newest.id` + conds + ` OFFSET 0) found
		ORDER BY newest.id DESC LIMIT ?`
}

func (postgresDialect) textMatchArgs(text string) []any { return []any{text, text} }

// matchEstimate asks the planner, which estimates a word's rows from the
// column statistics (most common lexemes) without reading the index. A
// count through the GIN index would read every match's heap page to
// recheck it: as much as the search itself for a word in 20,000 cases.
func (postgresDialect) matchEstimate(ix textIndex) string {
	return `EXPLAIN (FORMAT JSON) SELECT FROM ` + ix.table + ` WHERE tsv @@ websearch_to_tsquery('english', ?)`
}

func (postgresDialect) matchCount(ix textIndex, limit int) string {
	return `SELECT count(*) FROM (SELECT FROM ` + ix.table + ` WHERE tsv @@ websearch_to_tsquery('english', ?) LIMIT ` + strconv.Itoa(limit) + `) m`
}

func (postgresDialect) isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

func (postgresDialect) transient(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40P01" || e.Code == "40001")
}

func (d postgresDialect) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *pgconn.PgError
	if errors.As(err, &e) {
		switch {
		case e.Code == "23505":
			return fault.Wrap(fault.Conflict, err, "already exists")
		case e.Code == "40001" || e.Code == "40P01" || e.Code == "53300":
			return fault.Wrap(fault.Unavailable, err, "database busy")
		case e.Code == "22021" || e.Code == "22P05":
			// A NUL or non-UTF-8 byte that got past the text guard.
			return fault.Wrap(fault.Invalid, err, "text must not include a NUL character or bytes that are not UTF-8")
		}
	}
	return err
}

func (s *Store) openPostgres(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("store: open postgres: %w", err)
	}
	// Every connection is kept once open. With fewer idle than open, a
	// burst closed the spare connections as it ended and the next opened
	// them again, and a new backend costs the server far more CPU than the
	// statements it runs (its caches, the triggers' compiled functions,
	// pgx's prepared statements, all made afresh): at 64 clients that was
	// most of PostgreSQL's CPU per submission (docs/performance.md).
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fault.Wrap(fault.Unavailable, err, "store: postgres unreachable")
	}
	s.d, s.write, s.read = postgresDialect{}, db, db
	return nil
}
