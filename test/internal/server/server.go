// Package server builds the real guildhall program once per test binary and
// runs it as a child process, so that tests under test/ can kill -9 it,
// restart it and attack it exactly as an operator's machine would.
package server

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"hash/crc32"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BuildTags are the build tags of the program Binary builds ("" for the
// ordinary build). A test package sets them in TestMain, before the first
// Binary: test/acceptance builds with guildhall_testclock to move the
// platform's clock (GUILDHALL_TEST_CLOCK_OFFSET), which no ordinary build has.
var BuildTags string

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	keptOpen  *os.File // the built program, open for as long as this process runs
)

// Binary builds ./cmd/guildhall (once per test process) and returns its path.
func Binary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		// One shared file, replaced atomically by each test binary's build:
		// nothing is left behind per run, and a process already running
		// the previous file keeps its inode.
		dir := filepath.Join(os.TempDir(), "guildhall-test-bin")
		if buildErr = os.MkdirAll(dir, 0o755); buildErr != nil {
			return
		}
		tmp := filepath.Join(dir, fmt.Sprintf("guildhall.%d", os.Getpid()))
		out, err := exec.Command("go", "build", "-tags", BuildTags, "-o", tmp, "github.com/guildhall-platform/guildhall/cmd/guildhall").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		// One file per checkout: engineers testing other worktrees of the
		// repository at the same time must not run each other's build. And
		// since even that file is replaced by the next build in this
		// checkout, this process runs its own build through an open
		// descriptor, so that every start runs the code it was built from.
		f, err := os.Open(tmp)
		if err != nil {
			buildErr = err
			return
		}
		keptOpen = f
		binPath = fmt.Sprintf("/proc/%d/fd/%d", os.Getpid(), f.Fd())
		wd, _ := os.Getwd()
		buildErr = os.Rename(tmp, filepath.Join(dir, fmt.Sprintf("guildhall-%08x", crc32.ChecksumIEEE([]byte(wd+" "+BuildTags)))))
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// FreeAddr returns a loopback address nobody is listening on now, so the
// same address can be reused across restarts.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Server is one guildhall serve process (restartable).
type Server struct {
	Bin  string
	Addr string
	URL  string
	// Store is --data and, for PostgreSQL, --database: shared by serve and
	// the other sub-commands.
	Store []string
	// Args are further serve flags.
	Args []string
	// Env, when set, is added to the environment of the next Start
	// (GUILDHALL_TEST_CRASH_AFTER_COMMIT, for example).
	Env []string

	mu  sync.Mutex
	cmd *exec.Cmd
	log bytes.Buffer
}

// New describes a server on a fresh address with the given store flags.
func New(tb testing.TB, store []string, args ...string) *Server {
	addr := FreeAddr(tb)
	s := &Server{Bin: Binary(tb), Addr: addr, URL: "http://" + addr, Store: store, Args: args}
	tb.Cleanup(s.Kill)
	return s
}

// EachDatabase runs fn as a subtest on SQLite (dbURL "") and on a fresh
// PostgreSQL database (dbURL its URL), for StoreFlags.
func EachDatabase(t *testing.T, fn func(t *testing.T, dbURL string)) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := ""
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			fn(t, url)
		})
	}
}

// OpenDatabase opens a serve's database directly: PostgreSQL at dbURL, or
// else the SQLite database in the data folder dir, read-only. Checks read
// it so as not to trust the program under test to report on itself. It is
// closed when the test ends.
func OpenDatabase(tb testing.TB, dir, dbURL string) *sql.DB {
	tb.Helper()
	var db *sql.DB
	var err error
	if dbURL != "" {
		db, err = sql.Open("pgx", dbURL)
	} else {
		db, err = sql.Open("sqlite", "file:"+filepath.Join(dir, "guildhall.db")+"?mode=ro&_pragma=busy_timeout(10000)")
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// WaitOutboxDrained waits, for two minutes at most, until the outbox in db
// holds nothing undelivered and not dead: everything queued was sent,
// messages a killed server had claimed included (they return after their
// lease).
func (s *Server) WaitOutboxDrained(tb testing.TB, db *sql.DB) {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var pending int
		err := db.QueryRow(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL`).Scan(&pending)
		if err == nil && pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("outbox not drained: %d pending (err %v)\n%s", pending, err, s.Log())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// SentOnce checks that each notification the outbox holds (ids, the
// outbox ids, which serve sends as Notify's reference) reached Notify
// exactly once, and that Notify received no other.
func SentOnce(tb testing.TB, ids map[string]bool, got []notifytest.Notification) {
	tb.Helper()
	sent := map[string]int{}
	for _, n := range got {
		sent[n.Reference]++
	}
	for id := range ids {
		if sent[id] != 1 {
			tb.Errorf("notification %s reached Notify %d times, want exactly once", id, sent[id])
		}
	}
	if len(sent) != len(ids) {
		tb.Errorf("Notify received %d distinct references, the outbox holds %d notifications", len(sent), len(ids))
	}
}

// NotifyFlags are serve's flags that send its messages to the local GOV.UK
// Notify n, followed by more.
func NotifyFlags(n *notifytest.Server, more ...string) []string {
	return append([]string{"--notify-api-key", n.APIKey, "--notify-base-url", n.URL,
		"--notify-email-template", n.EmailTemplate, "--notify-sms-template", n.SMSTemplate}, more...)
}

// StoreFlags are the flags for a data folder and, if url is set, PostgreSQL.
func StoreFlags(dir, url string) []string {
	f := []string{"--data", dir}
	if url != "" {
		f = append(f, "--database", url)
	}
	return f
}

// Start starts serve and waits until /healthz answers.
func (s *Server) Start(tb testing.TB) {
	tb.Helper()
	if err := s.start(); err != nil {
		tb.Fatalf("%v\n%s", err, s.Log())
	}
}

func (s *Server) start() error {
	args := append([]string{"serve", "--addr", s.Addr, "--log-level", "warn", "--log-format", "text"}, s.Store...)
	args = append(args, s.Args...)
	cmd := exec.Command(s.Bin, args...)
	// A test binary killed by its timeout runs no cleanup: without this, its
	// serve (a 100,000-person linkage, say) ran on for many minutes on a
	// shared machine. chromedp starts the shared browser the same way.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	s.mu.Lock()
	if s.Env != nil {
		cmd.Env = append(os.Environ(), s.Env...)
	}
	cmd.Stdout, cmd.Stderr = &lockedWriter{s}, &lockedWriter{s}
	s.cmd = cmd
	s.mu.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return WaitHealthy(ctx, s.URL)
}

// WaitHealthy polls url/healthz until it answers 200.
func WaitHealthy(ctx context.Context, url string) error {
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("server at %s never became healthy: %w", url, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// WaitHealthyOnce asks url/healthz once: nil when it answers 200.
func WaitHealthyOnce(url string) error {
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s/healthz: %s", url, resp.Status)
	}
	return nil
}

// Kill sends SIGKILL (no chance to flush or drain) and reaps the process.
func (s *Server) Kill() { s.signal(syscall.SIGKILL) }

// Stop sends SIGTERM and waits for the graceful shutdown.
func (s *Server) Stop() { s.signal(syscall.SIGTERM) }

// Hangup sends SIGHUP (reload the service definitions); the process runs on.
func (s *Server) Hangup() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil || s.cmd.Process == nil {
		return fmt.Errorf("server not running")
	}
	return s.cmd.Process.Signal(syscall.SIGHUP)
}

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	_ = cmd.Wait()
}

// PID is the running process's id, or 0.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// Log is everything the process (and earlier runs) wrote.
func (s *Server) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

type lockedWriter struct{ s *Server }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.log.Write(p)
}

// Run runs another sub-command (token, audit, backup…) on the same store.
func (s *Server) Run(tb testing.TB, args ...string) (string, error) {
	tb.Helper()
	args = append(args[:len(args):len(args)], s.Store...)
	out, err := exec.Command(s.Bin, args...).CombinedOutput()
	return string(out), err
}

var (
	tokenRE       = regexp.MustCompile(`gh_[A-Za-z0-9_-]+`)
	adminEmailRE  = regexp.MustCompile(`Email:\s+(\S+)`)
	adminSecretRE = regexp.MustCompile(`One-time secret:\s+(\S+)`)
)

// FirstAdministrator is the email address and one-time secret of the first
// administrator, which serve prints when it starts on an empty database.
func (s *Server) FirstAdministrator(tb testing.TB) (email, secret string) {
	tb.Helper()
	log := s.Log()
	e, p := adminEmailRE.FindStringSubmatch(log), adminSecretRE.FindStringSubmatch(log)
	if e == nil || p == nil {
		tb.Fatalf("serve printed no first administrator:\n%s", log)
	}
	return e[1], p[1]
}

// Token issues a read-write API token with grants (for example officer@highways).
func (s *Server) Token(tb testing.TB, name, grants string) string {
	tb.Helper()
	out, err := s.Run(tb, "token", "issue", "--name", name, "--write", "--grants", grants)
	if err != nil {
		tb.Fatalf("token issue: %v\n%s", err, out)
	}
	tok := tokenRE.FindString(out)
	if tok == "" {
		tb.Fatalf("token issue printed no token:\n%s", out)
	}
	return tok
}

// RSS is the resident set size of pid in bytes, from /proc.
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0, err
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(b), &size, &resident); err != nil {
		return 0, err
	}
	return resident * int64(os.Getpagesize()), nil
}
