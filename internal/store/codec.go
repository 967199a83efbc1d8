package store

import (
	"database/sql"
	"encoding/json"
	"time"
)

// Times are stored as microseconds since the Unix epoch, UTC, in both
// dialects: portable comparisons and exact round trips.

func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micros(*t)
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// jsonText encodes v for a TEXT (SQLite) or JSONB (PostgreSQL) column.
// Text with a NUL is refused (fault.Invalid): JSONB cannot hold one.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err == nil && hasEscapedNUL(b) {
		return "", errBadText
	}
	return string(b), err
}

// nullString is a TEXT column that is NULL when s is empty (unique keys).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
