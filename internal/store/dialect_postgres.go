package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
// so ranking costs nothing per word however common; newest first by the
// primary key lets the planner stop after LIMIT rows for a common word.
func (postgresDialect) caseMatches(conds string) string {
	return `SELECT ` + matchColumns + `, -ts_rank(case_search.tsv, websearch_to_tsquery('english', ?)) AS text_rank
		FROM cases JOIN case_search ON case_search.case_id = cases.id
		WHERE case_search.tsv @@ websearch_to_tsquery('english', ?)` + conds + ` ORDER BY cases.id DESC LIMIT ?`
}

func (postgresDialect) caseMatchArgs(text string) []any { return []any{text, text} }

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
