// Package scantest starts a real clamd for tests, with a signature database
// it writes itself (freshclam cannot reach its mirror from CI machines): the
// one signature is the EICAR test file's.
package scantest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/scan"
)

// EICAR is the anti-virus industry's harmless test file; every scanner reports it.
const EICAR = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// Signature is the name clamd reports for EICAR with the database written here
// (clamd adds .UNOFFICIAL to signatures of a database it did not download).
const Signature = "Guildhall.Test.EICAR.UNOFFICIAL"

// Binary is where Debian's clamav-daemon installs clamd.
const Binary = "/usr/sbin/clamd"

// Clamd starts clamd on a unix socket in a temporary folder and returns its
// address ("unix:/…"), stopping it when the test ends. Without clamd the test
// is skipped, unless GUILDHALL_TEST_CLAMD=required (as in CI), when it fails.
func Clamd(tb testing.TB) string {
	tb.Helper()
	bin := Binary
	if _, err := os.Stat(bin); err != nil {
		if p, lerr := exec.LookPath("clamd"); lerr == nil {
			bin = p
		} else if os.Getenv("GUILDHALL_TEST_CLAMD") == "required" {
			tb.Fatalf("clamd is required (GUILDHALL_TEST_CLAMD=required) but %s is missing: apt-get install clamav-daemon", Binary)
		} else {
			tb.Skipf("clamd not installed (%s); set GUILDHALL_TEST_CLAMD=required to fail instead", Binary)
		}
	}
	dir, err := os.MkdirTemp("", "clamd")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	_ = os.Chmod(dir, 0o755) // clamd may run as another user and must read its database
	db := filepath.Join(dir, "db")
	sock := filepath.Join(dir, "clamd.sock")
	must(tb, os.Mkdir(db, 0o755))
	// An MD5 signature: md5 of the file, its size, the name to report.
	must(tb, os.WriteFile(filepath.Join(db, "guildhall.hdb"), []byte("44d88612fea8a8f36de82e1278abb02f:68:Guildhall.Test.EICAR\n"), 0o644))
	conf := fmt.Sprintf("LocalSocket %s\nDatabaseDirectory %s\nForeground yes\nLogFile %s\nPidFile %s\nBytecode no\nStreamMaxLength 25M\nMaxThreads 2\n",
		sock, db, filepath.Join(dir, "clamd.log"), filepath.Join(dir, "clamd.pid"))
	cfg := filepath.Join(dir, "clamd.conf")
	must(tb, os.WriteFile(cfg, []byte(conf), 0o644))
	cmd := exec.Command(bin, "--config-file="+cfg, "--foreground")
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting clamd: %v", err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	c := &scan.Clamd{Network: "unix", Address: sock}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if err := c.Ping(context.Background()); err == nil {
			return "unix:" + sock
		} else if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "clamd.log"))
			tb.Fatalf("clamd did not answer within 60 s: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
