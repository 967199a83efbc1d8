// Package platformtest starts Guildhall for a test exactly as serve wires it
// (platform.New), on a fresh SQLite or PostgreSQL database from storetest,
// with the shared service definitions of testdata/services, a clock the
// test moves, and principals signed in by a test cookie. Tests of every
// package use it instead of building a store, a case service and a web
// server by hand, so that what they test is what runs.
//
// A test package that uses it must have
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// so that a PostgreSQL cluster started for it is stopped.
package platformtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// Platform is a running Guildhall: the real wiring behind an httptest
// server.
type Platform struct {
	*platform.Platform
	T testing.TB
	// URL is where the web server answers.
	URL string
	// Clock is the platform's clock; tests move it.
	Clock *Clock
	// Who signs test principals in (see Client).
	Who *webtest.Principals
}

// Option changes what New builds.
type Option func(*options)

type options struct {
	cfg      platform.Config
	store    *store.Store
	fixtures []string
	bundled  bool
	// bundledIDs are bundled definitions loaded beside the fixtures.
	bundledIDs []string
	staff      []staffMember
	logs       io.Writer
	start      time.Time
	running    bool
	trained    bool
	// serverURL makes the test server's address the base URL.
	serverURL bool
	// clock, when set, is the clock to use (Each's, which its stores read).
	clock *Clock
}

// Start is when a test platform's clock starts: Monday 2 March 2026, 10:00 UTC.
var Start = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// New starts a platform on a fresh database of the dialect
// GUILDHALL_TEST_DB names (see storetest.Open), or the store given with
// OnStore, and stops it when the test ends.
func New(tb testing.TB, opts ...Option) *Platform {
	tb.Helper()
	o := options{cfg: defaults(tb), logs: testLogs(), start: Start}
	for _, opt := range opts {
		opt(&o)
	}
	clock := o.clock
	if clock == nil {
		clock = NewClock(o.start)
	}
	clock.start(o.start, o.running)
	if o.store == nil {
		o.store = storetest.OpenWith(tb, store.Config{Now: clock.Now})
	}
	// The server listens before the platform is built, so that a test of
	// absolute links can make its address the base URL (AtServerURL).
	srv := httptest.NewUnstartedServer(nil)
	if o.serverURL {
		o.cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	}
	o.cfg.Store, o.cfg.Services, o.cfg.Now = o.store, definitions(tb, o.bundled, o.fixtures, o.bundledIDs...), clock.Now
	o.cfg.Logger = slog.New(slog.NewTextHandler(o.logs, nil))
	p, err := platform.New(context.Background(), o.cfg)
	if err != nil {
		tb.Fatalf("platformtest: %v", err)
	}
	tp := &Platform{Platform: p, T: tb, Clock: clock, Who: &webtest.Principals{}}
	tp.serve(srv)
	tp.addStaff(o.staff)
	if o.trained {
		tp.train()
	}
	return tp
}

// Each runs fn on SQLite and on PostgreSQL (see storetest.Each), each with
// a fresh platform. The store reads the platform's clock, which each
// platform starts afresh.
func Each(t *testing.T, fn func(t *testing.T, p *Platform), opts ...Option) {
	t.Helper()
	clock := NewClock(Start)
	storetest.EachWith(t, store.Config{Now: clock.Now}, func(t *testing.T, s *store.Store) {
		fn(t, New(t, append(opts, OnStore(s), func(o *options) { o.clock = clock })...))
	})
}

// serve puts the web server behind an httptest server, with the test
// sign-in after the real session middleware so that it wins.
func (p *Platform) serve(srv *httptest.Server) {
	p.Web.Use(p.Who.Middleware)
	srv.Config.Handler = p.Web.Handler()
	srv.Start()
	p.T.Cleanup(srv.Close)
	p.URL = srv.URL
}

// defaults are serve's (platform.Defaults) on a temporary data folder,
// except that pages name a test council at a fixed base URL and the AI
// features are off, so that the pages of a test that is not about them do
// not depend on an advice index or a triage model (Trained turns them on).
func defaults(tb testing.TB) platform.Config {
	c := platform.Defaults()
	c.DataDir = tb.TempDir()
	c.BaseURL = "http://127.0.0.1"
	c.CouncilName = "Testshire Council"
	c.CouncilNameCy = "Cyngor Sir Testshire"
	c.AI.Triage, c.AI.Advice = false, false
	return c
}

// testLogs is where the platform logs by default: nowhere, or standard
// error when GUILDHALL_TEST_LOG=1, for a developer finding out why a
// request answered 500.
func testLogs() io.Writer {
	if os.Getenv("GUILDHALL_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}
