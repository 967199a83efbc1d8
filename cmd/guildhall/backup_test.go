package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// dataFolder opens and migrates a data folder's SQLite database, as
// backup and restore find it, and its documents.
func dataFolder(t *testing.T, dir string) (*store.Store, *blob.Local) {
	t.Helper()
	return dataFolderWith(t, dir, store.Config{}), &blob.Local{Dir: filepath.Join(dir, "documents")}
}

// dataFolderWith is dataFolder's database opened with cfg (a clock).
func dataFolderWith(t *testing.T, dir string, cfg store.Config) *store.Store {
	t.Helper()
	ctx := context.Background()
	cfg.Dir, cfg.Logger = dir, slog.New(slog.DiscardHandler)
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// platformIn starts the platform as serve wires it on the data folder dir.
func platformIn(t *testing.T, dir string, opts ...platformtest.Option) *platformtest.Platform {
	t.Helper()
	st, _ := dataFolder(t, dir)
	return platformtest.New(t, append([]platformtest.Option{platformtest.OnStore(st),
		platformtest.Configure(func(c *platform.Config) { c.DataDir = dir })}, opts...)...)
}

func submitWithPhoto(ctx context.Context, p *platformtest.Platform, i int) (cases.Case, error) {
	photo := fmt.Appendf([]byte("\x89PNG\r\n\x1a\n"), "photo %d", i)
	key, err := p.Blobs.PutBytes(ctx, photo)
	if err != nil {
		return cases.Case{}, err
	}
	return p.Cases.Submit(ctx, access.Anonymous, cases.Submission{
		ServiceID: "report-a-pothole", Channel: cases.ChannelWeb, IdempotencyKey: fmt.Sprintf("backup-test-%d", i),
		Answers: service.Answers{
			"location":  {Location: &service.Location{Description: fmt.Sprintf("Outside %d High Street", i)}},
			"surface":   {Text: "road"},
			"dangerous": {Text: "no"},
			"photo":     {File: &service.FileRef{Key: key, Name: "photo.png", ContentType: "image/png", Size: int64(len(photo))}},
			"full_name": {Text: "Ada Resident"},
			"email":     {Text: "ada@example.org"},
		},
	})
}

// TestBackupUnderLoadRestoresEveryCaseAuditEntryAndDocument takes a backup
// while submissions keep arriving, restores it into an empty folder, and checks
// that every case in the restored platform is identical to the source's, the
// audit chain verifies, and every document a case names is there intact.
func TestBackupUnderLoadRestoresEveryCaseAuditEntryAndDocument(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	p := platformIn(t, src, platformtest.BundledServices("report-a-pothole"))
	for i := range 40 {
		if _, err := submitWithPhoto(ctx, p, i); err != nil {
			t.Fatal(err)
		}
	}
	var next atomic.Int64
	next.Store(1000)
	stop := repeatUntilStopped(4, func() bool {
		if _, err := submitWithPhoto(ctx, p, int(next.Add(1))); err != nil {
			t.Error(err)
			return false
		}
		return true
	})
	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if _, err := writeBackup(ctx, src, "", file); err != nil {
		t.Fatal(err)
	}
	// Written under a permissive umask too: the archive holds every case.
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode = %v (%v), want 0600", st.Mode().Perm(), err)
	}
	stop()

	dst := filepath.Join(t.TempDir(), "restored")
	if err := runRestore(ctx, []string{"--from", file, "--data", dst}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	dstStore, dstDocs := dataFolder(t, dst)
	restoredAsTheSource(t, p, dstStore, dstDocs, 40)
}

// restoredAsTheSource checks a restored platform against its source p:
// at least atLeast cases, each identical, with every document intact, and
// an audit chain that verifies under the source's key and matches its
// entries.
func restoredAsTheSource(t *testing.T, p *platformtest.Platform, dstStore *store.Store, dstDocs *blob.Local, atLeast int) {
	t.Helper()
	ctx := context.Background()
	restored := allCases(t, dstStore)
	if len(restored) < atLeast {
		t.Fatalf("restored %d cases, want at least the %d made before the backup", len(restored), atLeast)
	}
	for _, c := range restored {
		orig, err := p.Store.CaseByRef(ctx, c.Ref)
		if err != nil {
			t.Fatalf("restored case %s not in the source: %v", c.Ref, err)
		}
		if !reflect.DeepEqual(orig, c) {
			t.Errorf("case %s differs after restore:\n got %+v\nwant %+v", c.Ref, c, orig)
		}
		key := c.Answers["photo"].File.Key
		rc, err := dstDocs.Open(ctx, key)
		if err != nil {
			t.Fatalf("document %s of case %s missing after restore: %v", key, c.Ref, err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if blob.Key(b) != key {
			t.Errorf("document %s damaged after restore", key)
		}
	}
	entries, err := dstStore.AuditEntries(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	iter := func() (audit.Entry, bool, error) {
		if i == len(entries) {
			return audit.Entry{}, false, nil
		}
		i++
		return entries[i-1], true, nil
	}
	// The source platform keys its audit log, as serve does: the restored
	// chain verifies under the same key.
	key, err := audit.LoadKey(p.Config.AuditKeyPath())
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.Verify(key, iter); err != nil {
		t.Errorf("restored audit chain does not verify: %v", err)
	}
	srcEntries, _ := p.Store.AuditEntries(ctx, audit.Filter{})
	for i, e := range entries {
		if !reflect.DeepEqual(e, srcEntries[i]) {
			t.Fatalf("audit entry %d differs after restore", e.Seq)
		}
	}
}

func allCases(t *testing.T, st *store.Store) []cases.Case {
	t.Helper()
	var out []cases.Case
	for id := int64(1); ; id++ {
		c, err := st.CaseByID(context.Background(), id)
		if err != nil {
			return out
		}
		out = append(out, c)
	}
}

// TestBackupRestoresPostgres: a PostgreSQL platform's backup takes its
// database with pg_dump; restored with pg_restore into an empty database
// and an empty folder, every case is identical, every document is there and
// the audit chain verifies, and the dump does not stay in the data folder.
func TestBackupRestoresPostgres(t *testing.T) {
	ctx := context.Background()
	st, dbURL := storetest.OpenPostgresURL(t, store.Config{})
	p := platformtest.New(t, platformtest.OnStore(st), platformtest.BundledServices("report-a-pothole"))
	for i := range 5 {
		if _, err := submitWithPhoto(ctx, p, i); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if _, err := writeBackup(ctx, p.Config.DataDir, dbURL, file); err != nil {
		t.Fatal(err)
	}
	dst, empty := filepath.Join(t.TempDir(), "restored"), storetest.EmptyPostgresURL(t)
	if err := runRestore(ctx, []string{"--from", file, "--data", dst}, nil, io.Discard, io.Discard); err == nil ||
		err.Error() != "this backup is of a PostgreSQL platform: give --database (or GUILDHALL_DATABASE_URL) of an empty database to restore it into" {
		t.Fatalf("a restore with no database: %v", err)
	}
	dst = filepath.Join(t.TempDir(), "restored")
	if err := runRestore(ctx, []string{"--from", file, "--data", dst, "--database", empty}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if fileExists(filepath.Join(dst, pgDumpFile)) {
		t.Error("the dump stays in the restored data folder")
	}
	dstStore, err := store.Open(ctx, store.Config{URL: empty, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dstStore.Close() })
	restoredAsTheSource(t, p, dstStore, &blob.Local{Dir: filepath.Join(dst, "documents")}, 5)
}

func TestRestoreRefusesAFolderWithADatabaseAndADamagedFile(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	dataFolder(t, src)
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	if _, err := writeBackup(ctx, src, "", file); err != nil {
		t.Fatal(err)
	}
	if err := runRestore(ctx, []string{"--from", file, "--data", src}, nil, io.Discard, io.Discard); err == nil {
		t.Error("restore over a live database was allowed")
	}
	if err := runRestore(ctx, []string{"--from", "backup_test.go", "--data", t.TempDir()}, nil, io.Discard, io.Discard); err == nil {
		t.Error("a file that is not a backup was restored")
	}
}
