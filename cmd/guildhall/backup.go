package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// A backup is a gzipped tar of: manifest.json, the database snapshot (an
// online SQLite snapshot, or for PostgreSQL pg_dump's custom format), the
// platform's secret key (it decrypts second-factor secrets), and every
// document blob. Treat the file as OFFICIAL-SENSITIVE.
type manifest struct {
	Format    int               `json:"format"`
	Created   time.Time         `json:"created"`
	Version   string            `json:"version"`
	Files     map[string]string `json:"files"` // name → sha256
	Documents int               `json:"documents"`
}

const backupFormat = 1

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := newFlagSet("backup", "Make a consistent online backup of a platform (database, secret key and documents) while it runs.\nOn PostgreSQL the database is taken with pg_dump, which must be on the PATH: see docs/operations.md.", stderr)
	cfg.bindStore(fs, getenv)
	to := fs.String("to", "", "backup file to write (required), e.g. guildhall-2026-11-23.tar.gz")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *to == "" {
		fs.Usage()
		return errUsage
	}
	n, err := writeBackup(ctx, cfg.DataDir, cfg.DatabaseURL, *to)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s: database, secret key and %d documents.\n", cfg.DataDir, *to, n)
	return nil
}

// writeBackup writes the backup of the platform on dataDir: its SQLite
// database, or the PostgreSQL database at databaseURL when one is given.
func writeBackup(ctx context.Context, dataDir, databaseURL, to string) (int, error) {
	tmpDir, err := os.MkdirTemp(filepath.Dir(to), ".backup-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmpDir)
	dbName := store.SQLiteFile
	if databaseURL != "" {
		dbName = pgDumpFile
	}
	snap := filepath.Join(tmpDir, dbName)
	if databaseURL != "" {
		err = dumpPostgres(ctx, databaseURL, snap)
	} else {
		err = store.SnapshotSQLite(ctx, dataDir, snap)
	}
	if err != nil {
		return 0, err
	}
	// The archive holds every case: readable by its owner only, whatever the umask.
	out, err := os.OpenFile(to+".partial", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	defer os.Remove(to + ".partial")
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	m := manifest{Format: backupFormat, Created: time.Now().UTC(), Version: version, Files: map[string]string{}}
	if err := addFile(tw, m.Files, snap, dbName); err != nil {
		return 0, err
	}
	if key := filepath.Join(dataDir, "secret.key"); fileExists(key) {
		if err := addFile(tw, m.Files, key, "secret.key"); err != nil {
			return 0, err
		}
	}
	// Documents are content-addressed and only ever added before the case
	// that refers to them commits, so every blob the snapshot names exists now.
	docs := &blob.Local{Dir: filepath.Join(dataDir, "documents")}
	err = docs.Walk(ctx, func(key string) error {
		m.Documents++
		return addFile(tw, m.Files, filepath.Join(docs.Dir, key[:2], key), path.Join("documents", key[:2], key))
	})
	if err != nil {
		return 0, err
	}
	if err := addBytes(tw, "manifest.json", mustJSON(m)); err != nil {
		return 0, err
	}
	for _, c := range []io.Closer{tw, gz} {
		if err := c.Close(); err != nil {
			return 0, err
		}
	}
	if err := out.Sync(); err != nil {
		return 0, err
	}
	if err := out.Close(); err != nil {
		return 0, err
	}
	return m.Documents, os.Rename(to+".partial", to)
}

func addFile(tw *tar.Writer, sums map[string]string, src, name string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tw, h), f); err != nil {
		return err
	}
	sums[name] = hex.EncodeToString(h.Sum(nil))
	return nil
}

func addBytes(tw *tar.Writer, name string, b []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: time.Now()}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // a manifest always encodes
	}
	return b
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", "Restore a backup made by `guildhall backup` into an empty data folder (and, for a PostgreSQL\nplatform's backup, an empty database, with pg_restore on the PATH).", stderr)
	from := fs.String("from", "", "backup file to read (required)")
	data := fs.String("data", "", "data folder to restore into; it must not hold a database (required)")
	var dbURL string
	str(fs, getenv, &dbURL, "database", "GUILDHALL_DATABASE_URL", "", "empty PostgreSQL database to restore a PostgreSQL platform's backup into")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *data == "" {
		fs.Usage()
		return errUsage
	}
	if fileExists(filepath.Join(*data, store.SQLiteFile)) {
		return fmt.Errorf("%s already holds a database: restore into an empty folder, then swap folders while the server is stopped", *data)
	}
	m, err := readBackup(*from, *data)
	if err != nil {
		return err
	}
	if _, ok := m.Files[pgDumpFile]; ok {
		if err := restorePostgres(ctx, dbURL, filepath.Join(*data, pgDumpFile)); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Restored %s into %s: database, secret key and %d documents, made %s.\n", *from, *data, m.Documents, m.Created.Format(time.RFC3339))
	if !fileExists(filepath.Join(*data, "audit.key")) {
		fmt.Fprintf(stdout, "The audit key is kept apart from backups: copy audit.key from its own backup into %s (or give --audit-key) before serve.\n", *data)
	}
	return nil
}

// readBackup extracts into dir, refusing any name that would land outside it,
// and checks every file against the manifest's sha256.
func readBackup(from, dir string) (manifest, error) {
	var m manifest
	f, err := os.Open(from)
	if err != nil {
		return m, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("%s is not a Guildhall backup: %w", from, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return m, err
	}
	got := map[string]string{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("reading %s: %w", from, err)
		}
		if h.Name == "manifest.json" {
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return m, fmt.Errorf("manifest: %w", err)
			}
			continue
		}
		sum, err := extract(tr, h, dir)
		if err != nil {
			return m, err
		}
		got[h.Name] = sum
	}
	return m, verifyManifest(m, got)
}

func extract(tr *tar.Reader, h *tar.Header, dir string) (string, error) {
	name := filepath.FromSlash(h.Name)
	if h.Typeflag != tar.TypeReg || !filepath.IsLocal(name) || strings.Contains(h.Name, "\\") {
		return "", fmt.Errorf("backup entry %q is not a plain file inside the data folder: refused", h.Name)
	}
	dst := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	defer out.Close()
	sum := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, sum), tr); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)), out.Sync()
}

func verifyManifest(m manifest, got map[string]string) error {
	if m.Format != backupFormat {
		return fmt.Errorf("backup format %d is not one this version reads (%d)", m.Format, backupFormat)
	}
	for name, want := range m.Files {
		if got[name] != want {
			return fmt.Errorf("backup damaged: %s does not match its checksum", name)
		}
	}
	if len(got) != len(m.Files) {
		return fmt.Errorf("backup damaged: %d files, manifest lists %d", len(got), len(m.Files))
	}
	return nil
}
