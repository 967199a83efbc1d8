package storetest

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store"
)

// Tamper is a function that runs raw SQL on a test's database through a
// connection of its own, for tests that must make the database itself
// refuse a write (a unique index, a trigger) to see what a client is told.
type Tamper func(stmt string)

// EachTamper is Each, with a Tamper for the database of each half.
func EachTamper(t *testing.T, fn func(t *testing.T, s *store.Store, tamper Tamper)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		s := open(t, store.Config{Dir: dir})
		dsn := "file:" + filepath.Join(dir, "guildhall.db") + "?_pragma=busy_timeout(10000)"
		fn(t, s, tamperWith(t, "sqlite", dsn))
	})
	t.Run("postgres", func(t *testing.T) {
		s, u := openPostgres(t, store.Config{})
		fn(t, s, tamperWith(t, "pgx", u))
	})
}

func tamperWith(t *testing.T, driver, dsn string) Tamper {
	return func(stmt string) {
		t.Helper()
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatalf("storetest: tamper: %v", err)
		}
		defer db.Close()
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("storetest: tamper %q: %v", stmt, err)
		}
	}
}
