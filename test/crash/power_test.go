package crash

// Power loss. The kill -9 test cannot tell synchronous=FULL from NORMAL:
// after a killed process the operating system still writes out everything
// the program wrote. Here the data folder (and PostgreSQL's) sits on
// test/internal/powerfs, a FUSE file system that, when the power is cut,
// forgets every write and every new name not yet fsynced. Each cycle kills
// the server (and PostgreSQL) with SIGKILL, cuts the power, and starts them
// again on what survived, while clients submit through the JSON API, Open311
// and the front door's form pages. Every other cycle is aimed: the server
// runs with GUILDHALL_TEST_CRASH_AFTER_COMMIT and the power goes when a
// commit has happened and its replies have not been sent.
//
//	go test -run Power ./test/crash                         # 6 cycles each
//	CRASH_POWER_CYCLES=40 CRASH_NORMAL_MUST_LOSE=1 go test -run Power -v ./test/crash   # make crash
//
// synchronous=FULL and PostgreSQL (fsync=on) must lose no acknowledged
// submission. NORMAL's losses are logged; they depend on when SQLite last
// checkpointed, so only CRASH_NORMAL_MUST_LOSE=1 (make crash, more cycles)
// asserts that NORMAL lost something.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/test/internal/powerfs"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

const pausedMarker = "GUILDHALL_TEST_CRASH_AFTER_COMMIT: paused after commit"

func powerCycles() int {
	if n, err := strconv.Atoi(os.Getenv("CRASH_POWER_CYCLES")); err == nil && n > 0 {
		return n
	}
	return 6
}

// requireFUSE skips without /dev/fuse, or fails with GUILDHALL_TEST_FUSE=required.
func requireFUSE(t *testing.T) {
	t.Helper()
	if err := powerfs.Available(); err != nil {
		if os.Getenv("GUILDHALL_TEST_FUSE") == "required" {
			t.Fatalf("GUILDHALL_TEST_FUSE=required but powerfs cannot mount: %v", err)
		}
		t.Skipf("power-loss test skipped: powerfs cannot mount here (%v); set GUILDHALL_TEST_FUSE=required to fail instead", err)
	}
}

func TestPowerLossSQLite(t *testing.T) {
	requireFUSE(t)
	for _, mode := range []string{"full", "normal"} {
		t.Run(mode, func(t *testing.T) {
			backing, mnt := t.TempDir(), t.TempDir()
			fs := mountPower(t, backing, mnt)
			r := newPowerRig(t, fs, []string{"--data", mnt, "--sqlite-sync", mode}, nil)
			r.run(t)
			res := r.tally(t)
			if mode == "full" {
				res.mustLoseNothing(t, r)
			} else {
				res.report(t, r)
			}
		})
	}
}

func mountPower(t *testing.T, backing, mnt string) *powerfs.FS {
	t.Helper()
	fs, err := powerfs.Mount(backing, mnt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := fs.Close(); err != nil {
			t.Error(err)
		}
	})
	return fs
}

// powerRig is one power-loss run: the file system, the server on it, the
// Notify it sends through, PostgreSQL when used, and what clients were told.
type powerRig struct {
	fs     *powerfs.FS
	srv    *server.Server
	notify *notifytest.Server
	pg     *powerPG
	book   *powerBook
	aimed  int // cycles cut while a commit's replies were held back
	paused int // the hook's log lines seen so far
	cycles int
	down   []time.Duration // how long each cut and restart took
}

func newPowerRig(t *testing.T, fs *powerfs.FS, store []string, pg *powerPG) *powerRig {
	n := notifytest.NewServer(t)
	srv := server.New(t, store, server.NotifyFlags(n, "--outbox-lease", "2s", "--api-rate", "100000")...)
	return &powerRig{fs: fs, srv: srv, notify: n, pg: pg, book: newPowerBook()}
}

// run starts the clients, cuts the power powerCycles() times, and stops the
// clients and the server once the outbox is drained.
func (r *powerRig) run(t *testing.T) {
	began := time.Now()
	defer func() { t.Logf("run took %v", time.Since(began).Round(time.Second)) }()
	type starter struct {
		c      *powerClient
		submit func(context.Context, string) bool
	}
	var clients []starter
	for i := range 5 {
		tok := r.srv.Token(t, "power client "+strconv.Itoa(i), "officer@highways")
		c := newPowerClient(i, r.srv.URL, tok, r.book)
		submit := c.api
		switch i {
		case 3:
			submit = c.open311
		case 4:
			submit = c.frontDoor
		}
		clients = append(clients, starter{c, submit})
	}
	// The first cut comes before any client: it finds out whether what the
	// first start and the token commands wrote (the database, secret.key)
	// was made durable.
	r.srv.Start(t)
	r.cut(t, nil)
	stop := make(chan struct{})
	hard, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); s.c.loop(stop, hard, s.submit) }()
	}
	r.cycles = powerCycles()
	for i := range r.cycles {
		if i%2 == 1 && r.waitPaused(t) {
			r.aimed++
		} else {
			time.Sleep(time.Duration(300+rand.IntN(900)) * time.Millisecond)
		}
		var env []string
		if i%2 == 0 && i+1 < r.cycles { // the next cycle is aimed
			env = []string{"GUILDHALL_TEST_CRASH_AFTER_COMMIT=" + strconv.Itoa(1+rand.IntN(4))}
		}
		r.cut(t, env)
	}
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	r.waitOutboxDrained(t)
	r.srv.Stop()
}

// waitPaused waits until the server has committed and is holding back the
// replies (the test hook's log line), or gives up after 30 s.
func (r *powerRig) waitPaused(t *testing.T) bool {
	for range 600 {
		if n := strings.Count(r.srv.Log(), pausedMarker); n > r.paused {
			r.paused = n
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("aimed cycle: the server never paused after a commit")
	return false
}

// cut kills everything on the file system, cuts the power and starts
// everything again (serve with env added).
func (r *powerRig) cut(t *testing.T, env []string) {
	t.Helper()
	began := time.Now()
	defer func() { r.down = append(r.down, time.Since(began).Round(10*time.Millisecond)) }()
	r.srv.Kill()
	if r.pg != nil {
		r.pg.kill(t)
	}
	if err := r.fs.Cut(); err != nil {
		t.Fatal(err)
	}
	if r.pg != nil {
		r.pg.start(t)
	}
	r.srv.Env = env
	r.srv.Start(t)
}

func (r *powerRig) waitOutboxDrained(t *testing.T) {
	t.Helper()
	db := r.openDB(t)
	defer db.Close()
	r.srv.WaitOutboxDrained(t, db)
}

func (r *powerRig) String() string {
	return fmt.Sprintf("%d power cuts (%d aimed between commit and reply; down %v)", r.cycles+1, r.aimed, r.down)
}
