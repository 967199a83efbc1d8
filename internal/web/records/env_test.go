package records_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	manager = access.Principal{Kind: access.KindStaff, UserID: "rm", Name: "Rhi Manager", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}
	parks = access.Principal{Kind: access.KindStaff, UserID: "pk", Name: "Pat Parks", MFA: true, Teams: []string{"parks"},
		Grants: []access.Grant{{Role: "officer", Team: "parks"}}}
	officer = access.Principal{Kind: access.KindStaff, UserID: "hw", Name: "Hana Ways", MFA: true, Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
)

// closedDay is when the cases the tests seed were closed; the platform's
// clock stands seven years later, when their retention has run out.
var closedDay = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// env is the platform as serve wires it, with the bundled services, on
// closedDay plus seven years; token is an API token that may write.
type env struct {
	*platformtest.Platform
	t      *testing.T
	closed time.Time
	token  string
}

func newEnv(t *testing.T, opts ...platformtest.Option) *env {
	t.Helper()
	return newEnvOn(t, platformtest.New(t, append(opts, platformtest.At(closedDay.AddDate(7, 0, 0)))...))
}

// each runs fn on SQLite and PostgreSQL with a fresh env.
func each(t *testing.T, fn func(t *testing.T, e *env), opts ...platformtest.Option) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) { fn(t, newEnvOn(t, p)) }, append(opts, platformtest.At(closedDay.AddDate(7, 0, 0)))...)
}

// partnerDomains approves police.example.uk for OFFICIAL-SENSITIVE spaces,
// beside the council's own council.example.
var partnerDomains = platformtest.Configure(func(c *platform.Config) {
	c.PartnerDomains, c.CouncilDomains = "police.example.uk", "council.example"
})

func newEnvOn(t *testing.T, p *platformtest.Platform) *env {
	t.Helper()
	return &env{Platform: p, t: t, closed: closedDay, token: p.Token(auth.TokenRequest{Name: "records ci", Write: true})}
}

func (e *env) client(p access.Principal) *webtest.Client { return e.Client(p) }

// closedComplaint writes a complaint closed on e.closed, by reference.
func (e *env) closedComplaint(ref, text string) {
	e.t.Helper()
	at := e.closed
	answers := service.Answers{"complaint": {Text: text}}
	c := cases.Case{Ref: ref, ServiceID: "complaint", Team: "customer-feedback", Classification: service.Official, State: "closed",
		Answers: answers, Channel: cases.ChannelWeb, SubmittedAt: at, UpdatedAt: at, ClosedAt: &at, Version: 3, History: cases.ClockHistory{Received: at}}
	_, _, err := e.Store.SubmitCase(context.Background(), cases.Record{Case: c,
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
	if r, err := e.Records.RunRetention(context.Background()); err != nil || r.Listed != 2 {
		e.t.Fatalf("retention listed %+v %v", r, err)
	}
	return a, b
}

func (e *env) dueID(ref string) string {
	items, err := e.Records.DispositionList(context.Background(), manager, 0, 10)
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
