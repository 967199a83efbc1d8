package crash

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func mustLose() bool { return os.Getenv("CRASH_NORMAL_MUST_LOSE") == "1" }

// TestPowerLossPostgres runs PostgreSQL itself with its data folder on the
// power-loss file system, with PostgreSQL's defaults fsync=on,
// synchronous_commit=on and full_page_writes=on, and kills and cuts it with
// the server.
func TestPowerLossPostgres(t *testing.T) {
	requireFUSE(t)
	backing, mnt := t.TempDir(), t.TempDir()
	pg := newPowerPG(t, backing, mnt)
	fs := mountPower(t, backing, mnt)
	pg.start(t)
	t.Cleanup(func() { pg.kill(t) }) // runs before the unmount
	if err := pg.exec("postgres", "CREATE DATABASE guildhall"); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(mnt, "guildhall")
	r := newPowerRig(t, fs, []string{"--data", data, "--database", pg.url("guildhall")}, pg)
	r.run(t)
	r.tally(t).mustLoseNothing(t, r)
}

// powerPG is a PostgreSQL cluster started as the postgres user, its data on
// the mount and its socket beside it (outside the mount).
type powerPG struct {
	bin, data, sock, log string
	uid, gid             uint32
	cmd                  *exec.Cmd
}

// newPowerPG runs initdb into the backing folder (before the mount, so the
// new cluster counts as synced) and prepares the guildhall data folder.
func newPowerPG(t *testing.T, backing, mnt string) *powerPG {
	t.Helper()
	bin, err := pgBin()
	if err == nil {
		_, err = user.Lookup("postgres")
	}
	if err != nil {
		if os.Getenv("GUILDHALL_TEST_POSTGRES") == "required" {
			t.Fatalf("PostgreSQL required: %v", err)
		}
		t.Skipf("no PostgreSQL: %v", err)
	}
	u, _ := user.Lookup("postgres")
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	sock, err := os.MkdirTemp("", "power-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sock) })
	pg := &powerPG{bin: bin, data: filepath.Join(mnt, "pg"), sock: sock, log: filepath.Join(sock, "log"), uid: uint32(uid), gid: uint32(gid)}
	for _, d := range []string{sock, backing, filepath.Join(backing, "pg")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	// The postgres user must reach the data folder through the test's folders.
	for _, d := range []string{filepath.Dir(backing), backing, mnt} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(backing, "guildhall"), 0o750); err != nil {
		t.Fatal(err)
	}
	initdb := pg.command(filepath.Join(bin, "initdb"), "-D", filepath.Join(backing, "pg"), "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	return pg
}

func pgBin() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		return "", errors.New("no /usr/lib/postgresql/*/bin/initdb")
	}
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return vi < vj
	})
	return filepath.Dir(found[len(found)-1]), nil
}

// command runs a PostgreSQL program as the postgres user in its own
// process group, so that kill takes the postmaster and every backend.
func (pg *powerPG) command(prog string, args ...string) *exec.Cmd {
	cmd := exec.Command(prog, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: &syscall.Credential{Uid: pg.uid, Gid: pg.gid}}
	cmd.Dir = pg.sock
	return cmd
}

func (pg *powerPG) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(pg.sock) + "&sslmode=disable"
}

// start starts the postmaster (crash recovery included) and waits for it.
func (pg *powerPG) start(t *testing.T) {
	t.Helper()
	logf, err := os.OpenFile(pg.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	pg.cmd = pg.command(filepath.Join(pg.bin, "postgres"), "-D", pg.data, "-k", pg.sock, "-c", "listen_addresses=",
		"-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on", "-c", "max_connections=100",
		// After a real power cut no page cache is left to flush, so the
		// start-up fsync of every file (the default) would only cost time.
		"-c", "recovery_init_sync_method=syncfs")
	pg.cmd.Stdout, pg.cmd.Stderr = logf, logf
	if err := pg.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("pgx", pg.url("postgres"))
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for db.PingContext(ctx) != nil {
		if ctx.Err() != nil {
			b, _ := os.ReadFile(pg.log)
			t.Fatalf("PostgreSQL on powerfs did not start:\n%s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (pg *powerPG) exec(db, stmt string) error {
	c, err := sql.Open("pgx", pg.url(db))
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(stmt)
	return err
}

// kill sends SIGKILL to the whole cluster and waits until it is gone.
func (pg *powerPG) kill(t *testing.T) {
	if pg.cmd == nil || pg.cmd.Process == nil {
		return
	}
	pgid := pg.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	_ = pg.cmd.Wait()
	pg.cmd = nil
	for range 400 {
		if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("PostgreSQL process group %d still alive after SIGKILL", pgid)
}
