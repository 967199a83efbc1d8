// Package storetest gives tests a fresh, migrated database: SQLite in a
// temporary folder, and PostgreSQL from a throwaway cluster started once per
// test binary (or from GUILDHALL_TEST_DATABASE_URL). Every store test should
// run on both through Each.
//
// A test package that uses storetest must have
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// so that the PostgreSQL cluster is stopped when the tests end.
//
// Environment:
//   - GUILDHALL_TEST_DB=sqlite|postgres picks the dialect Open returns (default sqlite).
//   - GUILDHALL_TEST_DATABASE_URL: a PostgreSQL database to create one schema per
//     test in, instead of starting a cluster.
//   - GUILDHALL_TEST_PG_DURABLE=1 runs the throwaway cluster with fsync on, for
//     benchmarks of durable writes (tests run it with fsync off).
//   - GUILDHALL_TEST_POSTGRES=required fails, instead of skipping, the PostgreSQL
//     half when no server can be had.
package storetest

import (
	"context"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/store"
)

var mainCalled atomic.Bool

// Main runs the tests and then stops the PostgreSQL cluster if one was started.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main without the exit, for a TestMain that has more to close
// (a browser) before it exits with the code Run returns.
func Run(m *testing.M) int {
	mainCalled.Store(true)
	code := m.Run()
	stopCluster()
	removeSQLiteTemplate()
	return code
}

// Open returns a fresh migrated store of the dialect GUILDHALL_TEST_DB names
// (SQLite by default), closed when the test ends.
func Open(tb testing.TB) *store.Store {
	tb.Helper()
	return OpenWith(tb, store.Config{})
}

// OpenWith is Open with a store configuration (its clock, batch size).
// URL and Dir are ignored.
func OpenWith(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	if os.Getenv("GUILDHALL_TEST_DB") == "postgres" {
		return OpenPostgres(tb, cfg)
	}
	return OpenSQLite(tb, cfg)
}

// Each runs fn as a subtest on SQLite and on PostgreSQL, each with a fresh
// migrated database. The PostgreSQL half is skipped when no server is
// available, unless GUILDHALL_TEST_POSTGRES=required.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	EachWith(t, store.Config{}, fn)
}

// EachWith is Each with a store configuration (its clock, batch size).
// URL and Dir are ignored.
func EachWith(t *testing.T, cfg store.Config, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t, cfg)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t, cfg)) })
}

// OpenSQLite returns a fresh migrated SQLite store in a temporary folder
// (a copy of the binary's migrated template, sqlite.go).
func OpenSQLite(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	cfg.URL, cfg.Dir = "", tb.TempDir()
	if err := copySQLiteTemplate(cfg.Dir); err != nil {
		tb.Fatalf("storetest: migrated SQLite template: %v", err)
	}
	return open(tb, cfg)
}

// OpenPostgres returns a store on a fresh, migrated PostgreSQL database,
// dropped when the test ends.
func OpenPostgres(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	s, _ := openPostgres(tb, cfg)
	return s
}

// OpenPostgresURL is OpenPostgres, also returning the database's URL, for
// a test that hands it to a PostgreSQL tool (pg_dump).
func OpenPostgresURL(tb testing.TB, cfg store.Config) (*store.Store, string) {
	tb.Helper()
	return openPostgres(tb, cfg)
}

// openPostgres is OpenPostgres, also returning the database's URL.
func openPostgres(tb testing.TB, cfg store.Config) (*store.Store, string) {
	tb.Helper()
	url, drop, migrated := migratedDatabase(tb)
	tb.Cleanup(drop) // registered first, so it runs after the store's Close (LIFO)
	cfg.URL, cfg.Dir = url, ""
	if migrated {
		return openMigrated(tb, cfg), url
	}
	return open(tb, cfg), url
}

// open opens the store and applies every migration.
func open(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	s := openMigrated(tb, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("storetest: migrate: %v", err)
	}
	return s
}

// openMigrated opens a store on a database that is migrated already (a
// copy of the template), closed when the test ends.
func openMigrated(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
