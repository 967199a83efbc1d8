package frontdoor_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/frontdoor"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/workday"
	"github.com/guildhall-platform/guildhall/services"
)

// TestMain stops any PostgreSQL cluster at the end. The shared browser dies
// with the test process (chromedp starts it with Pdeathsig).
func TestMain(m *testing.M) { storetest.Main(m) }

// env is a running front door on a real store, with the bundled services.
type env struct {
	t     testing.TB
	store *store.Store
	cases *cases.Service
	reg   *service.Registry
	blobs *dirBlobs
	srv   *httptest.Server
	web   *web.Server
	logs  *syncBuffer
	who   webtest.Principals
}

type envOptions struct {
	formLimit, trackLimit *web.Limiter
	addresses             frontdoor.AddressLookup
	now                   func() time.Time
	// store, when set, is used instead of a fresh storetest.Open one.
	store *store.Store
}

func newEnv(t testing.TB, opts envOptions) *env {
	t.Helper()
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatalf("loading bundled services: %v", err)
	}
	s := opts.store
	if s == nil {
		s = storetest.Open(t)
	}
	e := &env{t: t, store: s, reg: service.NewRegistry(cat), blobs: &dirBlobs{dir: t.TempDir()}, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.logs, nil))
	e.cases = &cases.Service{Store: s, Services: e.reg, Clock: cases.Calendar{Cal: workday.Default()}, Logger: logger,
		SiteURL: "http://127.0.0.1", Feedback: s}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", CouncilName: "Testshire Council", Phase: "beta"}, logger)
	srv.Use(e.who.Middleware)
	err = frontdoor.Register(srv, frontdoor.Deps{
		Services: e.reg, Cases: e.cases, Drafts: s, Blobs: e.blobs, Addresses: opts.addresses,
		Logger: logger, FormLimit: opts.formLimit, TrackLimit: opts.trackLimit, Now: opts.now,
		Residents: &auth.Residents{Store: s, Now: opts.now},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.web = srv
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// client is a browser-like client, signed in as p when p is staff.
func (e *env) client(p access.Principal) *webtest.Client {
	c := webtest.NewClient(e.t, e.srv.URL)
	if p.Kind == access.KindStaff {
		e.who.SignIn(c, e.srv.URL, p)
	}
	return c
}

// caseCount is how many cases of a service exist, read from the database.
func (e *env) caseCount(serviceID string) int {
	e.t.Helper()
	found, err := e.store.FindCases(context.Background(), cases.Query{ServiceIDs: []string{serviceID}, Limit: 200, Access: access.Scope{All: true}})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(found)
}

// dirBlobs keeps uploads as files named by their key: a real, if minimal,
// content-addressed store (the blob package's local driver does the same).
type dirBlobs struct{ dir string }

func (b *dirBlobs) Put(ctx context.Context, key string, r io.Reader) error {
	f, err := os.Create(filepath.Join(b.dir, key))
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (b *dirBlobs) count() int {
	ents, _ := os.ReadDir(b.dir)
	return len(ents)
}

// syncBuffer is a log sink tests can read.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

var officer = access.Principal{Kind: access.KindStaff, UserID: "officer-7", Name: "Ola Officer", Teams: []string{"contact-centre"}, MFA: true}

var zeroPrincipal access.Principal

// unlimited is a rate limiter no test reaches.
func unlimited() *web.Limiter { return web.NewLimiter(1e6, 1e6, 0) }
