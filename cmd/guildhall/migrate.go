package main

import (
	"context"
	"fmt"
	"io"

	"github.com/guildhall-platform/guildhall/internal/store"
)

// runMigrate applies the database migrations not yet applied (each in its
// own transaction) and reports the version; --status only reports.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "Apply database migrations: embedded SQLite in --data, or PostgreSQL with --database.", stderr)
	var c config
	c.bindStore(fs, getenv)
	status := fs.Bool("status", false, "only report the applied and latest migration")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openForTool(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if !*status {
		if err := st.Migrate(ctx); err != nil {
			return err
		}
	}
	applied, latest, err := st.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s database at migration %d of %d\n", st.Dialect(), applied, latest)
	if applied < latest {
		return exitError(1)
	}
	return nil
}

// openReady is openForTool for a tool that reads a database already
// migrated: it fails, naming why, when the schema is not current.
func openReady(ctx context.Context, c config, stderr io.Writer) (*store.Store, error) {
	st, err := openForTool(ctx, c, stderr)
	if err != nil {
		return nil, err
	}
	if err := st.Ready(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// openForTool opens the configured database without migrating it.
func openForTool(ctx context.Context, c config, stderr io.Writer) (*store.Store, error) {
	if c.SQLiteSync == "" {
		c.SQLiteSync = "full"
	}
	return store.Open(ctx, store.Config{URL: c.DatabaseURL, Dir: c.DataDir, SQLiteSync: c.SQLiteSync,
		Logger: newLogger("text", "info", stderr)})
}
