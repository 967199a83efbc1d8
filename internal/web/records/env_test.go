package records_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	webrecords "github.com/guildhall-platform/guildhall/internal/web/records"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/services"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	manager = access.Principal{Kind: access.KindStaff, UserID: "rm", Name: "Rhi Manager", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}
	apiClient = access.Principal{Kind: access.KindAPIClient, UserID: "token:ci", Write: true}
	parks     = access.Principal{Kind: access.KindStaff, UserID: "pk", Name: "Pat Parks", MFA: true, Teams: []string{"parks"},
		Grants: []access.Grant{{Role: "officer", Team: "parks"}}}
	officer = access.Principal{Kind: access.KindStaff, UserID: "hw", Name: "Hana Ways", MFA: true, Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
)

// env is the records area on a store, with the bundled services and a
// records clock seven years after the cases it seeds were closed.
type env struct {
	t       *testing.T
	st      *store.Store
	records *records.Service
	srv     *httptest.Server
	who     webtest.Principals
	closed  time.Time
	// documents and blobs serve the documents pages and API.
	documents *records.Documents
	blobs     *blob.Local
}

// tokens is a hand-written token directory: bearer → API client.
type tokens map[string]access.Principal

func (ts tokens) TokenPrincipal(_ context.Context, bearer string) (access.Principal, error) {
	if p, ok := ts[bearer]; ok {
		return p, nil
	}
	return access.Principal{}, fault.New(fault.Unauthenticated, "unknown token")
}

func newEnv(t *testing.T, st *store.Store) *env {
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := records.ParseFilePlan("fileplan.yaml", records.DefaultFilePlanYAML)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, closed: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	now := func() time.Time { return e.closed.AddDate(7, 0, 0) }
	e.records = &records.Service{Store: st, Blobs: &blob.Local{Dir: t.TempDir()}, Services: service.NewRegistry(cat), Plan: plan, Now: now}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", InsecureCookies: true}, quiet)
	srv.Use(e.who.Middleware)
	blobs := &blob.Local{Dir: t.TempDir()}
	e.blobs = blobs
	e.documents = &records.Documents{Store: st, Blobs: blobs, Plan: plan, Extract: &records.Extractor{}, Now: now}
	uploads := &web.Uploads{Blobs: blobs}
	if err := webrecords.Register(srv, webrecords.Deps{Records: e.records, Documents: e.documents, Uploads: uploads, Blobs: blobs,
		Tokens: tokens{"gh_test_write": apiClient}, Now: now, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	top := http.NewServeMux()
	top.Handle("/", srv.Handler())
	top.HandleFunc("/test/as/{user}", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: webtest.PrincipalCookie, Value: r.PathValue("user"), Path: "/"})
		http.Redirect(w, r, webrecords.PathDisposals, http.StatusSeeOther)
	})
	e.srv = httptest.NewServer(top)
	t.Cleanup(e.srv.Close)
	e.who.Add(manager)
	e.who.Add(officer)
	e.who.Add(parks)
	return e
}

func (e *env) client(p access.Principal) *webtest.Client {
	c := webtest.NewClient(e.t, e.srv.URL)
	e.who.SignIn(c, e.srv.URL, p)
	return c
}

// closedComplaint writes a complaint closed on e.closed, by reference.
func (e *env) closedComplaint(ref, text string) {
	e.t.Helper()
	at := e.closed
	answers := service.Answers{"complaint": {Text: text}}
	c := cases.Case{Ref: ref, ServiceID: "complaint", Team: "customer-feedback", Classification: service.Official, State: "closed",
		Answers: answers, Channel: cases.ChannelWeb, SubmittedAt: at, UpdatedAt: at, ClosedAt: &at, Version: 3, History: cases.ClockHistory{Received: at}}
	_, _, err := e.st.SubmitCase(context.Background(), cases.Record{Case: c,
		Event:  cases.Event{At: at, Actor: "resident", Kind: cases.EventSubmitted, Visibility: cases.Resident},
		Audit:  audit.Entry{At: at, Actor: "resident", Action: cases.AuditSubmit, Subject: ref},
		Search: cases.SearchDoc{Title: ref, Body: text}})
	if err != nil {
		e.t.Fatal(err)
	}
}

// listDue seeds two complaints and runs retention so both are due.
func (e *env) listDue() (string, string) {
	e.t.Helper()
	a, b := "COMP-0001", "COMP-0002"
	e.closedComplaint(a, "The bin crew were rude")
	e.closedComplaint(b, "Nobody answered the phone")
	if r, err := e.records.RunRetention(context.Background()); err != nil || r.Listed != 2 {
		e.t.Fatalf("retention listed %+v %v", r, err)
	}
	return a, b
}

func (e *env) dueID(ref string) string {
	items, err := e.records.DispositionList(context.Background(), manager, 0, 10)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, d := range items {
		if d.Subject == ref {
			return fmt.Sprint(d.ID)
		}
	}
	e.t.Fatalf("%s not listed", ref)
	return ""
}
