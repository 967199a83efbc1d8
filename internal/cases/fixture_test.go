package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// newService is the platform's case service on s, over the shared
// report-a-pothole and safeguarding-concern fixtures, with highways' team
// mailbox and the staff the tests assign cases to: three highways officers,
// a leaver, a member with no role on the pothole service, and an officer of
// another team. Its clock starts on Monday 2 March 2026, 10:00 UTC.
func newService(t testing.TB, s *store.Store) (*cases.Service, *platformtest.Clock) {
	t.Helper()
	p := platformtest.New(t, platformtest.OnStore(s), platformtest.Fixtures("report-a-pothole", "safeguarding-concern"),
		platformtest.Configure(func(c *platform.Config) { c.TeamMailbox = "{team}@council.example" }),
		platformtest.Staff(staff("u-officer", "Olu Officer", access.Grant{Role: "officer", Team: "highways"}),
			staff("u-other", "Ola Other", access.Grant{Role: "officer", Team: "highways"}),
			staff("u-team-lead", "Tam Lead", access.Grant{Role: "officer", Team: "*"}, access.Grant{Role: "team_leader", Team: "highways"}),
			staff("u-member", "Mo Member", access.Grant{Role: access.RoleMember, Team: "highways"}),
			staff("u-sw", "Sam Social", access.Grant{Role: "officer", Team: "social-care"})),
		platformtest.Leavers(staff("u-leaver", "Lee Leaver", access.Grant{Role: "officer", Team: "highways"})))
	return p.Cases, p.Clock
}

func staff(id, name string, grants ...access.Grant) access.Principal {
	return access.Principal{Kind: access.KindStaff, UserID: id, Name: name, Grants: grants}
}

var (
	officer = access.Principal{Kind: access.KindStaff, UserID: "u-officer", Name: "Olu Officer", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}
	// leader leads highways and may work every team's potholes.
	leader = access.Principal{Kind: access.KindStaff, UserID: "u-team-lead", Name: "Tam Lead", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "*"}, {Role: access.RoleTeamLeader, Team: "highways"}}, MFA: true}
	clerk        = access.Principal{Kind: access.KindStaff, UserID: "u-clerk", Name: "Cal Clerk", Teams: []string{"highways"}, MFA: true}
	socialWorker = access.Principal{Kind: access.KindStaff, UserID: "u-sw", Name: "Sam Social", Teams: []string{"social-care"},
		Grants: []access.Grant{{Role: "social_worker", Team: "social-care"}}, MFA: true}
)

func potholeAnswers() service.Answers {
	return service.Answers{
		"location":  {Text: "Outside 12 High Street, by the bus stop"},
		"full_name": {Text: "Ada Resident"},
		"email":     {Text: "Ada@Example.org"},
		"phone":     {Text: "07700 900123"},
	}
}

func submitPothole(t *testing.T, svc *cases.Service, key string) cases.Case {
	t.Helper()
	c, err := svc.Submit(context.Background(), access.Anonymous, cases.Submission{
		ServiceID: "report-a-pothole", Answers: potholeAnswers(), Channel: cases.ChannelWeb, IdempotencyKey: key})
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	return c
}

// pending returns every undelivered outbox message for a case reference.
func pending(t *testing.T, s *store.Store, ref string) []jobs.Message {
	t.Helper()
	all, err := s.ClaimOutbox(context.Background(), time.Now().Add(1000*time.Hour), 10000, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var out []jobs.Message
	for _, m := range all {
		if m.Key == ref {
			out = append(out, m)
		}
	}
	return out
}
