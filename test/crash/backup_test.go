package crash

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// backupWhileRunning takes an online backup while the clients keep
// submitting, restores it into a fresh folder and checks that every case
// acknowledged before the backup began is in it once, and that the restored
// audit chain verifies.
func (r *rig) backupWhileRunning(t *testing.T) {
	before := r.book.snapshot()
	file := filepath.Join(t.TempDir(), "guildhall.tar.gz")
	if out, err := r.srv.Run(t, "backup", "--to", file); err != nil {
		t.Fatalf("guildhall backup under load: %v\n%s", err, out)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	if out, err := exec.Command(r.srv.Bin, "restore", "--from", file, "--data", dir).CombinedOutput(); err != nil {
		t.Fatalf("guildhall restore: %v\n%s", err, out)
	}
	db := server.OpenDatabase(t, dir, "")
	got := map[string]int{}
	for _, p := range queryRows(t, db, `SELECT ref, state FROM cases`) {
		got[p[0]]++
	}
	for key, ref := range before {
		if got[ref] != 1 {
			t.Errorf("case %s (key %s) acknowledged before the backup: %d copies in the restored database", ref, key, got[ref])
		}
	}
	// The audit key is backed up apart from the archive (it is the live one
	// here); the live checkpoints go past the backup, so only the chain is checked.
	liveKey := filepath.Join(r.srv.Store[1], "audit.key")
	if out, err := exec.Command(r.srv.Bin, "audit", "verify", "--data", dir, "--audit-key", liveKey, "--no-checkpoints").CombinedOutput(); err != nil {
		t.Errorf("audit verify on the restored backup: %v\n%s", err, out)
	}
	t.Logf("backup under load: %d cases acknowledged before it, %d in the restored copy", len(before), len(got))
}
