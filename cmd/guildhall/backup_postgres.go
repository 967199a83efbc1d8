package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// pgDumpFile is a PostgreSQL platform's database in a backup: pg_dump's
// custom format, the one pg_restore reads. Its data is left uncompressed,
// as the archive is gzipped whole.
const pgDumpFile = "database.pgdump"

// dumpPostgres writes the database at databaseURL to file with pg_dump,
// which reads it in one snapshot while the platform runs. The council runs
// the PostgreSQL tools it already runs for its other databases; Guildhall
// writes no dump format of its own.
func dumpPostgres(ctx context.Context, databaseURL, file string) error {
	conn, schema, err := libpqURL(databaseURL)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--compress=0", "--no-owner", "--no-privileges", "--file=" + file}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	return runPGTool(ctx, "pg_dump", append(args, "--dbname="+conn)...)
}

// restorePostgres loads a dump into the empty database at databaseURL, in
// one transaction (all of it or nothing), then removes the dump from the
// data folder it was extracted to.
func restorePostgres(ctx context.Context, databaseURL, file string) error {
	if databaseURL == "" {
		return errors.New("this backup is of a PostgreSQL platform: give --database (or GUILDHALL_DATABASE_URL) of an empty database to restore it into")
	}
	conn, _, err := libpqURL(databaseURL)
	if err != nil {
		return err
	}
	if err := runPGTool(ctx, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+conn, file); err != nil {
		return fmt.Errorf("%w (restore into an empty database)", err)
	}
	return os.Remove(file)
}

// libpqURL is databaseURL as the PostgreSQL tools read it: a search_path
// in the URL (which pgx accepts and libpq does not) becomes the schema to
// dump.
func libpqURL(databaseURL string) (conn, schema string, err error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", "", fmt.Errorf("database URL: %w", err)
	}
	q := u.Query()
	schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

func runPGTool(ctx context.Context, name string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
