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

// migrationLock: an arbitrary constant key ("guildhall" on a phone keypad).
func (postgresDialect) migrationLock() string { return "SELECT pg_advisory_xact_lock(4845345528)" }

func (postgresDialect) preparesHot() bool { return false }

func (postgresDialect) tableExists() string {
	return "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
}

func (postgresDialect) applicantEmail() string { return "lower(applicant ->> 'email')" }

// caseMatches ranks with ts_rank, which reads only the row's own tsvector,
// so ranking costs nothing per word however common. A common word's
// matches are read newest first by the primary key, stopping after LIMIT
// rows. A rarer word's are read whole through the GIN index (at most
// commonWordMatches+1, counted in candidates) and then probed newest first
// against cases: walking the primary key for a word in a few cases would
// test every tsvector in the table (0.4–3 s at 1M cases), and the planner
// chose that walk whenever its statistics did not know the word. OFFSET 0
// keeps the probe a nested loop that stops at LIMIT.
func (postgresDialect) caseMatches(conds string, common bool) string {
	if common {
		return `SELECT ` + matchColumns + `, 0 AS candidates, -ts_rank(case_search.tsv, websearch_to_tsquery('english', ?)) AS text_rank
		FROM cases JOIN case_search ON case_search.case_id = cases.id
		WHERE case_search.tsv @@ websearch_to_tsquery('english', ?)` + conds + ` ORDER BY cases.id DESC LIMIT ?`
	}
	return `WITH m AS MATERIALIZED (SELECT case_id FROM case_search WHERE tsv @@ websearch_to_tsquery('english', ?) LIMIT ` + strconv.Itoa(commonWordMatches+1) + `)
		SELECT c.*, (SELECT count(*) FROM m) AS candidates,
			-(SELECT ts_rank(tsv, websearch_to_tsquery('english', ?)) FROM case_search WHERE case_search.case_id = c.id) AS text_rank
		FROM (SELECT case_id FROM m ORDER BY case_id DESC) newest
		CROSS JOIN LATERAL (SELECT ` + matchColumns + ` FROM cases WHERE cases.id = newest.case_id` + conds + ` OFFSET 0) c
		ORDER BY newest.case_id DESC LIMIT ?`
}

func (postgresDialect) matchCount() string {
	return `SELECT count(*) FROM (SELECT FROM case_search WHERE tsv @@ websearch_to_tsquery('english', ?) LIMIT ` + strconv.Itoa(commonWordMatches+1) + `) m`
}

func (postgresDialect) caseMatchArgs(text string) []any { return []any{text, text} }

// matchEstimate asks the planner, which estimates a word's cases from the
// column statistics (most common lexemes) without reading the index. A
// count through the GIN index would read every match's heap page to
// recheck it: as much as the search itself for a word in 20,000 cases.
func (postgresDialect) matchEstimate() string {
	return `EXPLAIN (FORMAT JSON) SELECT FROM case_search WHERE tsv @@ websearch_to_tsquery('english', ?)`
}

func (postgresDialect) isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
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
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fault.Wrap(fault.Unavailable, err, "store: postgres unreachable")
	}
	s.d, s.write, s.read = postgresDialect{}, db, db
	return nil
}
