package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in order, refusing duplicate
// or unnumbered files so that a merge mistake fails loudly.
func migrations(dialect string) ([]migration, error) {
	dir := "migrations/" + dialect
	names, err := fs.Glob(migrationFiles, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	seen := map[int]string{}
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name must start with a number and _", n)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s share number %d", other, base, v)
		}
		seen[v] = base
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

const createVersionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at BIGINT  NOT NULL
)`

// Migrate applies every migration not yet applied, each in its own
// transaction, in number order. It is safe to run from several processes at
// once on PostgreSQL (an advisory lock serialises them).
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations(s.d.name())
	if err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, createVersionTable); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, m := range ms {
		if err := s.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, m migration) error {
	return s.update(ctx, func(t *tx) error {
		if l := t.d.migrationLock(); l != "" {
			if _, err := t.exec(ctx, l); err != nil {
				return err
			}
		}
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := t.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		s.log.Info("applied migration", "dialect", t.d.name(), "migration", m.name)
		_, err := t.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, t.now.UnixMicro())
		return err
	})
}

// MigrationStatus reports how far the database is migrated: applied is the
// highest version up to which every embedded migration is applied (a gap,
// such as a late-merged 0004 under an applied 0005, counts as not applied),
// latest the highest embedded version.
func (s *Store) MigrationStatus(ctx context.Context) (applied, latest int, err error) {
	ms, err := migrations(s.d.name())
	if err != nil {
		return 0, 0, err
	}
	done, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, 0, fault.Wrap(fault.Unavailable, err, "store: migration status")
	}
	for _, m := range ms {
		latest = m.version
		if done[m.version] && applied == prevVersion(ms, m.version) {
			applied = m.version
		}
	}
	return applied, latest, nil
}

// prevVersion is the version before v in ms, or 0.
func prevVersion(ms []migration, v int) int {
	prev := 0
	for _, m := range ms {
		if m.version == v {
			return prev
		}
		prev = m.version
	}
	return prev
}

func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	var n int
	if err := s.queryRowRead(ctx, s.d.tableExists(), "schema_migrations").Scan(&n); err != nil || n == 0 {
		return map[int]bool{}, err // a database never migrated
	}
	rows, err := s.queryRead(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// Ready reports whether the database is reachable and every migration is
// applied: the /readyz check. Errors: fault.Unavailable.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fault.Wrap(fault.Unavailable, err, "store: database unreachable")
	}
	applied, latest, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if applied < latest {
		return fault.New(fault.Unavailable, "store: database at migration %d, want %d: run guildhall migrate", applied, latest)
	}
	return nil
}
