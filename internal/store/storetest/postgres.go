package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection creates and drops test databases

	"github.com/guildhall-platform/guildhall/internal/store"
)

// cluster is a throwaway PostgreSQL server listening only on a unix socket
// in its own temporary folder, so test binaries running in parallel never
// collide on a port.
type cluster struct {
	dir     string
	data    string
	asUser  string // OS user that owns the cluster ("postgres" when we are root)
	admin   string // URL of the maintenance database
	started bool
}

var (
	clusterOnce sync.Once
	theCluster  *cluster
	clusterErr  error
	dbSeq       atomic.Int64
)

const socketPort = "5432"

// migratedDatabase returns the URL of a fresh, migrated PostgreSQL
// database and its dropper. On the throwaway cluster it is a copy of a
// template database migrated once per test binary: copying the template
// (STRATEGY FILE_COPY) took 0.23 s of server CPU where a schema and its 31
// migrations took 0.38 s and some 100 round trips, and the copies need no
// migration lock, which serialised every parallel test's migrations. On
// GUILDHALL_TEST_DATABASE_URL, where tests may only create schemas, it is an
// empty schema (migrated reports false: the caller migrates it).
func migratedDatabase(tb testing.TB) (dbURL string, drop func(), migrated bool) {
	tb.Helper()
	if os.Getenv("GUILDHALL_TEST_DATABASE_URL") != "" {
		dbURL, drop = newDatabase(tb)
		return dbURL, drop, false
	}
	admin, err := adminURL()
	if err != nil {
		if os.Getenv("GUILDHALL_TEST_POSTGRES") == "required" {
			tb.Fatalf("storetest: PostgreSQL required: %v", err)
		}
		tb.Skipf("storetest: no PostgreSQL: %v", err)
	}
	if !mainCalled.Load() {
		tb.Fatal("storetest: add func TestMain(m *testing.M) { storetest.Main(m) } to this package")
	}
	templateOnce.Do(func() { templateErr = makeTemplate(admin) })
	if templateErr != nil {
		tb.Fatalf("storetest: migrated template: %v", templateErr)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := adminExec(admin, "CREATE DATABASE "+name+" TEMPLATE "+templateName+" STRATEGY FILE_COPY"); err != nil {
		tb.Fatalf("storetest: copy the template: %v", err)
	}
	// FORCE: a connection a test left open (a killed server's) must not
	// keep its database.
	drop = func() { _ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") }
	return databaseURL(admin, name), drop, true
}

// templateName is the cluster's migrated template database.
const templateName = "guildhall_template"

var (
	templateOnce sync.Once
	templateErr  error
)

// makeTemplate creates and migrates the template database, then closes
// every connection to it: PostgreSQL copies only a database nobody uses.
func makeTemplate(admin string) error {
	if err := adminExec(admin, "CREATE DATABASE "+templateName); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, store.Config{URL: databaseURL(admin, templateName), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Migrate(ctx)
}

// EmptyPostgresURL returns the URL of a fresh PostgreSQL database with no
// tables at all, dropped when the test ends: for restoring a dump into. It
// needs the throwaway cluster, where tests may create databases.
func EmptyPostgresURL(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("GUILDHALL_TEST_DATABASE_URL") != "" {
		tb.Skip("storetest: an empty database needs the throwaway cluster; GUILDHALL_TEST_DATABASE_URL allows only schemas")
	}
	admin, err := adminURL()
	if err != nil {
		if os.Getenv("GUILDHALL_TEST_POSTGRES") == "required" {
			tb.Fatalf("storetest: PostgreSQL required: %v", err)
		}
		tb.Skipf("storetest: no PostgreSQL: %v", err)
	}
	name := fmt.Sprintf("e_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := adminExec(admin, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		tb.Fatalf("storetest: create an empty database: %v", err)
	}
	tb.Cleanup(func() { _ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return databaseURL(admin, name)
}

// databaseURL is the admin URL with another database name.
func databaseURL(admin, name string) string {
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

// newDatabase creates a fresh, empty schema and returns a URL whose
// search_path selects it, and a dropper: for a test that starts the whole
// program, which migrates it itself (PostgresURL), and for the migrated
// databases of GUILDHALL_TEST_DATABASE_URL, where only schemas may be made.
func newDatabase(tb testing.TB) (string, func()) {
	tb.Helper()
	admin, err := adminURL()
	if err != nil {
		if os.Getenv("GUILDHALL_TEST_POSTGRES") == "required" {
			tb.Fatalf("storetest: PostgreSQL required: %v", err)
		}
		tb.Skipf("storetest: no PostgreSQL: %v", err)
	}
	if !mainCalled.Load() {
		tb.Fatal("storetest: add func TestMain(m *testing.M) { storetest.Main(m) } to this package")
	}
	name := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, dbSeq.Add(1))
	if err := adminExec(admin, "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("storetest: create schema: %v", err)
	}
	u, _ := url.Parse(admin)
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	drop := func() { _ = adminExec(admin, "DROP SCHEMA IF EXISTS "+name+" CASCADE") }
	return u.String(), drop
}

func adminExec(admin, stmt string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// adminURL is GUILDHALL_TEST_DATABASE_URL, or the throwaway cluster's.
func adminURL() (string, error) {
	if u := os.Getenv("GUILDHALL_TEST_DATABASE_URL"); u != "" {
		return u, nil
	}
	clusterOnce.Do(func() { theCluster, clusterErr = startCluster() })
	if clusterErr != nil {
		return "", clusterErr
	}
	return theCluster.admin, nil
}

// binDir finds the newest Debian PostgreSQL binaries.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", fmt.Errorf("no initdb in /usr/lib/postgresql/*/bin or PATH")
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) < version(found[j]) })
	return filepath.Dir(found[len(found)-1]), nil
}

func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func startCluster() (*cluster, error) {
	sweepStale()
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "guildhall-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, data: filepath.Join(dir, "data")}
	if os.Geteuid() == 0 { // initdb refuses to run as root
		c.asUser = "postgres"
		if err := chownTo(dir, c.asUser); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	_ = os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644)
	if err := c.run(filepath.Join(bin, "initdb"), "-D", c.data, "-U", "postgres", "-A", "trust",
		"--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w", err)
	}
	// Tests need no durability; benchmarks of durable writes set
	// GUILDHALL_TEST_PG_DURABLE=1 to keep PostgreSQL's defaults (fsync on).
	durability := "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	if os.Getenv("GUILDHALL_TEST_PG_DURABLE") == "1" {
		durability = "-c fsync=on -c synchronous_commit=on"
	}
	// A deadlock is looked for after deadlock_timeout; the default second
	// would make a test of crossing transactions wait a second for each.
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -p %s %s -c max_connections=300 -c deadlock_timeout=50ms", dir, socketPort, durability)
	if err := c.run(filepath.Join(bin, "pg_ctl"), "start", "-w", "-t", "60", "-D", c.data,
		"-l", filepath.Join(dir, "log"), "-o", opts); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %w\n%s", err, log)
	}
	c.started = true
	c.admin = "postgres://postgres@/postgres?host=" + url.QueryEscape(dir) + "&port=" + socketPort + "&sslmode=disable"
	if err := waitReady(c.admin); err != nil {
		return c, err
	}
	if err := adminExec(c.admin, "CREATE DATABASE guildhall_test"); err != nil {
		return c, err
	}
	c.admin = strings.Replace(c.admin, "/postgres?", "/guildhall_test?", 1)
	return c, nil
}

func waitReady(admin string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		if err = db.PingContext(ctx); err == nil || ctx.Err() != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run runs a PostgreSQL program, as the cluster's OS user when we are root.
func (c *cluster) run(prog string, args ...string) error {
	cmd := exec.Command(prog, args...)
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", prog}, args...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func chownTo(dir, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return fmt.Errorf("running as root and no %q user to run PostgreSQL as: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

// stopCluster stops the cluster immediately (test data need not survive)
// and removes its folder.
func stopCluster() {
	c := theCluster
	if c == nil || !c.started {
		return
	}
	bin, err := binDir()
	if err == nil {
		_ = c.run(filepath.Join(bin, "pg_ctl"), "stop", "-D", c.data, "-m", "immediate", "-w")
	}
	os.RemoveAll(c.dir)
}

// sweepStale stops clusters left behind by test binaries that were killed
// before Main could stop them.
func sweepStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "guildhall-pg-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if pid <= 0 || processAlive(pid) {
			continue
		}
		c := &cluster{dir: d, data: filepath.Join(d, "data"), started: true}
		if os.Geteuid() == 0 {
			c.asUser = "postgres"
		}
		theStale := c
		if bin, err := binDir(); err == nil {
			_ = theStale.run(filepath.Join(bin, "pg_ctl"), "stop", "-D", c.data, "-m", "immediate", "-w")
		}
		os.RemoveAll(d)
	}
}

func processAlive(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}
