package people_test

import (
	"context"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// env is the platform's people service (platformtest, as serve wires it)
// on a real store, with the bundled service definitions deciding roles.
// now is the platform's clock, which each submission moves on an hour.
type env struct {
	t     testing.TB
	p     *platformtest.Platform
	st    *store.Store
	svc   *people.Service
	now   time.Time
	count int
}

func newEnv(t testing.TB, st *store.Store) *env {
	t.Helper()
	p := platformtest.New(t, platformtest.OnStore(st), platformtest.At(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)))
	return &env{t: t, p: p, st: st, svc: p.People, now: p.Clock.Now()}
}

// eachEnv runs fn on an env over SQLite and over PostgreSQL.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newEnv(t, st)) })
}

// loadGazetteer imports the sample gazetteer.
func (e *env) loadGazetteer() { e.p.ImportGazetteer("testdata/gazetteer.csv") }

// submit writes a case as the case service would, returning its reference.
func (e *env) submit(serviceID, team string, class service.Classification, a cases.Applicant, answers service.Answers) string {
	e.t.Helper()
	e.count++
	e.p.Clock.Add(time.Hour)
	e.now = e.p.Clock.Now()
	ref := "TEST-" + string(rune('A'+e.count/26)) + string(rune('A'+e.count%26)) + "00"
	if answers == nil {
		answers = service.Answers{}
	}
	c := cases.Case{Ref: ref, ServiceID: serviceID, Team: team, Classification: class, State: "received",
		Answers: answers, Applicant: a, Channel: cases.ChannelWeb, SubmittedAt: e.now, UpdatedAt: e.now,
		ClockStart: e.now, Version: 1, History: cases.ClockHistory{Received: e.now}}
	_, _, err := e.st.SubmitCase(context.Background(), cases.Record{
		Case:  c,
		Event: cases.Event{At: e.now, Actor: "resident", Kind: cases.EventSubmitted, ToState: "received", Visibility: cases.Resident},
		Audit: audit.Entry{At: e.now, Actor: "resident", Action: cases.AuditSubmit, Subject: ref, Classification: string(class)},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return ref
}

// run is one turn of the background job: ingest, then link.
func (e *env) run() {
	e.t.Helper()
	if err := e.svc.RunOnce(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) personOf(key string) int64 {
	e.t.Helper()
	id, err := e.st.PersonOfRecord(context.Background(), key)
	if err != nil {
		e.t.Fatalf("person of %s: %v", key, err)
	}
	return id
}
