package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// SQLiteFile is the database file's name inside a data folder.
const SQLiteFile = "guildhall.db"

// SnapshotSQLite writes a consistent copy of the SQLite database in dataDir to
// dst with VACUUM INTO. It reads through its own read-only connection, so it
// runs while a server is taking submissions: WAL readers see one committed
// state, and the writer is never blocked for more than a page copy.
func SnapshotSQLite(ctx context.Context, dataDir, dst string) error {
	src := filepath.Join(dataDir, SQLiteFile)
	if _, err := os.Stat(src); err != nil {
		return fault.Wrap(fault.NotFound, err, "no SQLite database to back up")
	}
	if _, err := os.Stat(dst); err == nil {
		return fault.New(fault.Conflict, "%s exists already", dst)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	// VACUUM INTO takes a file name, not a bound parameter; quote it as a string literal.
	quoted := "'" + strings.ReplaceAll(dst, "'", "''") + "'"
	if _, err := db.ExecContext(ctx, "VACUUM INTO "+quoted); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}
