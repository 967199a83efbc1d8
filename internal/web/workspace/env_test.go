package workspace_test

import (
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
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

// env is the platform as serve wires it.
type env = platformtest.Platform

// ownServices are the workspace's plain services: two teams' public ones,
// one OFFICIAL-SENSITIVE, a councillor service and a staff one.
var ownServices = platformtest.Fixtures("pothole", "safeguarding", "repair", "member-enquiry", "myit")

// newEnv starts the platform on testNow with accounts for the scenarios'
// principals, over the workspace's own services unless opts name others.
func newEnv(t testing.TB, opts ...platformtest.Option) *env {
	t.Helper()
	return platformtest.New(t, envOptions(opts)...)
}

// each runs fn on SQLite and PostgreSQL with a fresh newEnv.
func each(t *testing.T, fn func(t *testing.T, e *env), opts ...platformtest.Option) {
	t.Helper()
	platformtest.Each(t, fn, envOptions(opts)...)
}

// atDesk is who's client after opening the workspace's home page, as a
// browser would start: its sign-out form gives the form token posts need.
func atDesk(e *env, who access.Principal) *webtest.Client {
	c := e.Client(who)
	c.Get("/workspace")
	return c
}

func envOptions(opts []platformtest.Option) []platformtest.Option {
	if len(opts) == 0 {
		opts = []platformtest.Option{ownServices}
	}
	staff := platformtest.Staff(officerA, leaderA, officerB, auditor, cllrOwn, cllrOther, noMFA)
	return append(opts, staff, platformtest.At(testNow))
}
