package powerfs

import (
	"os"
	"path/filepath"
	"testing"
)

// mountOrSkip mounts a fresh powerfs, or skips (fails when
// GUILDHALL_TEST_FUSE=required).
func mountOrSkip(t *testing.T) *FS {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("GUILDHALL_TEST_FUSE") == "required" {
			t.Fatalf("GUILDHALL_TEST_FUSE=required: %v", err)
		}
		t.Skipf("powerfs cannot mount here: %v", err)
	}
	backing, mnt := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(backing, "old"), []byte("before the mount"), 0o640); err != nil {
		t.Fatal(err)
	}
	p, err := Mount(backing, mnt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func syncDir(t *testing.T, dir string) {
	t.Helper()
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, s string, sync bool) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCutKeepsOnlyWhatWasSynced(t *testing.T) {
	p := mountOrSkip(t)
	m := p.Mountpoint
	write(t, filepath.Join(m, "synced"), "kept", true)
	write(t, filepath.Join(m, "unsynced-name"), "file synced, folder not", true)
	syncDir(t, m)
	write(t, filepath.Join(m, "unsynced-name"), "x", true) // O_TRUNC recreates nothing: same name, same file
	write(t, filepath.Join(m, "never"), "never synced", false)
	write(t, filepath.Join(m, "orphan"), "its folder was never synced", true)
	// Append without fsync to a synced file: lost.
	f, err := os.OpenFile(filepath.Join(m, "synced"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(" and lost")
	f.Close()
	// Remove a name without syncing the folder: it comes back.
	if err := os.Remove(filepath.Join(m, "old")); err != nil {
		t.Fatal(err)
	}
	if err := p.Cut(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"synced": "kept", "unsynced-name": "x", "old": "before the mount"}
	got := map[string]string{}
	entries, _ := os.ReadDir(m)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(m, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = string(b)
	}
	if len(got) != len(want) {
		t.Errorf("after the cut: %q, want %q", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s after the cut: %q, want %q", k, got[k], v)
		}
	}
	if fi, err := os.Stat(filepath.Join(m, "old")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("restored file: %v %v, want mode 0640", fi, err)
	}
	if s := p.Stats(); s.Cuts != 1 || s.Reverted == 0 || s.Dropped != 2 || s.Restored != 1 {
		t.Errorf("stats %+v", s)
	}
	// The file system works after the cut.
	write(t, filepath.Join(m, "after"), "again", true)
	syncDir(t, m)
	if err := p.Cut(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(m, "after")); err != nil || string(b) != "again" {
		t.Errorf("after a second cut: %q %v", b, err)
	}
}

func TestRenameIsDurableOnlyWithItsFolder(t *testing.T) {
	p := mountOrSkip(t)
	m := p.Mountpoint
	write(t, filepath.Join(m, "tmp"), "new", true)
	if err := os.Rename(filepath.Join(m, "tmp"), filepath.Join(m, "old")); err != nil {
		t.Fatal(err)
	}
	if err := p.Cut(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(m, "old")); string(b) != "before the mount" {
		t.Errorf("rename over a file without a folder sync: old holds %q, want the old content", b)
	}
	write(t, filepath.Join(m, "tmp"), "new", true)
	if err := os.Rename(filepath.Join(m, "tmp"), filepath.Join(m, "old")); err != nil {
		t.Fatal(err)
	}
	syncDir(t, m)
	if err := p.Cut(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(m, "old")); string(b) != "new" {
		t.Errorf("rename then folder sync: old holds %q, want new", b)
	}
	if _, err := os.Stat(filepath.Join(m, "tmp")); !os.IsNotExist(err) {
		t.Errorf("tmp survived its rename: %v", err)
	}
}

func TestAddExtent(t *testing.T) {
	var l []extent
	for _, e := range []extent{{10, 20}, {30, 40}, {0, 5}, {20, 30}, {50, 60}, {4, 11}} {
		l = addExtent(l, e)
	}
	want := []extent{{0, 40}, {50, 60}}
	if len(l) != len(want) || l[0] != want[0] || l[1] != want[1] {
		t.Errorf("extents %v, want %v", l, want)
	}
}
