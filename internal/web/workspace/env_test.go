package workspace_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/frontdoor"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/web/workspace"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// testNow is a Monday morning in late November.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// Principals of the scenarios.
var (
	officerA = access.Principal{Kind: access.KindStaff, UserID: "officer-a", Name: "Ada Officer", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}
	leaderA = access.Principal{Kind: access.KindStaff, UserID: "leader-a", Name: "Lee Leader", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}, {Role: "team_leader", Team: "highways"}}, MFA: true}
	officerB = access.Principal{Kind: access.KindStaff, UserID: "officer-b", Name: "Bo Officer", Teams: []string{"housing"},
		Grants: []access.Grant{{Role: "officer", Team: "housing"}}, MFA: true}
	auditor = access.Principal{Kind: access.KindStaff, UserID: "auditor", Name: "Aud Itor",
		Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}, MFA: true}
	cllrOwn = access.Principal{Kind: access.KindCouncillor, UserID: "cllr-1", Name: "Cllr One",
		Grants: []access.Grant{{Role: "councillor", Team: "*"}}, MFA: true}
	cllrOther = access.Principal{Kind: access.KindCouncillor, UserID: "cllr-2", Name: "Cllr Two",
		Grants: []access.Grant{{Role: "councillor", Team: "*"}}, MFA: true}
	noMFA = access.Principal{Kind: access.KindStaff, UserID: "officer-nomfa", Name: "No Factor", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
)

// env is a running workspace on a real store.
type env struct {
	t     testing.TB
	store *store.Store
	cases *cases.Service
	audit *audit.Service
	blobs *blob.Local
	// uploads is the workspace's upload path; a test may give it a Scanner.
	uploads *web.Uploads
	srv     *httptest.Server
	// who maps a test cookie value to a principal (see webtest.Principals).
	who webtest.Principals
}

func newEnv(t testing.TB, s *store.Store) *env {
	t.Helper()
	return newEnvWith(t, s, service.NewRegistry(service.NewCatalog(testDefinitions())), false)
}

// newEnvWith runs the workspace over reg's services and, with frontdoor, the
// front door's question pages too (staff and councillor services are filled
// there).
func newEnvWith(t testing.TB, s *store.Store, reg *service.Registry, withFrontdoor bool) *env {
	t.Helper()
	now := func() time.Time { return testNow }
	e := &env{t: t, store: s, blobs: &blob.Local{Dir: t.TempDir()}}
	e.cases = &cases.Service{Store: s, Services: reg, Clock: cases.Calendar{Cal: workday.Default()}, Now: now, Logger: quietLogger(),
		Staff: staffAccounts(t, s, officerA, leaderA, officerB, auditor, cllrOwn, cllrOther, noMFA)}
	e.audit = &audit.Service{Store: s, Now: now}
	e.uploads = &web.Uploads{Blobs: e.blobs, Audit: e.audit, Logger: quietLogger()}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", InsecureCookies: true}, quietLogger())
	srv.Use(e.who.Middleware)
	err := workspace.Register(srv, workspace.Deps{
		Cases: e.cases, Services: reg, Audit: e.audit, Blobs: e.blobs, Uploads: e.uploads, Now: now,
		AssistedURL: "/assisted", Logger: quietLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if withFrontdoor {
		err := frontdoor.Register(srv, frontdoor.Deps{Services: reg, Cases: e.cases, Drafts: s, Blobs: e.blobs, Logger: quietLogger(),
			FormLimit: web.NewLimiter(1000, 1000, 0), Now: now})
		if err != nil {
			t.Fatal(err)
		}
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// client returns a browser-like client signed in as p (anonymous when p is zero).
func (e *env) client(p access.Principal) *webtest.Client {
	c := webtest.NewClient(e.t, e.srv.URL)
	if p.UserID == "" {
		return c
	}
	e.who.SignIn(c, e.srv.URL, p)
	return c
}

// submit makes a case as p would.
func (e *env) submit(p access.Principal, serviceID string, a service.Answers, ch cases.Channel) cases.Case {
	e.t.Helper()
	sub := cases.Submission{ServiceID: serviceID, Answers: a, Channel: ch}
	if p.Kind == access.KindStaff || p.Kind == access.KindCouncillor {
		sub.CreatedBy = p.UserID
	}
	c, err := e.cases.Submit(context.Background(), p, sub)
	if err != nil {
		e.t.Fatalf("submit %s: %v", serviceID, err)
	}
	return c
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// staffAccounts stores an account for each test principal (its name and
// grants) and returns the real identity service over them, which the case
// service asks who a case may be given to.
func staffAccounts(t testing.TB, s *store.Store, ps ...access.Principal) *auth.Service {
	t.Helper()
	as, err := auth.NewService(s, auth.Options{SecretKey: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		u := auth.User{ID: p.UserID, Name: p.Name, Email: p.UserID + "@council.example", Kind: p.Kind, Active: true, Grants: p.Grants}
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	return as
}
