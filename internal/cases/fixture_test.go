package cases_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
)

const potholeYAML = `id: report-a-pothole
version: 1
name: Report a pothole
summary: Tell us about a pothole in a road or pavement.
category: Roads
audience: [public]
team: highways
classification: OFFICIAL
roles: [officer]
applicant: {name: full_name, email: email, phone: phone}
clock: {length: 10, unit: working_days, region: england-and-wales}
pages:
  - id: where
    title: Where is the pothole?
    questions:
      - {id: location, type: textarea, label: Where is the pothole?, validate: {required: true}}
  - id: you
    title: Your details
    questions:
      - {id: full_name, type: text, label: Full name, personal: true, validate: {required: true}}
      - {id: email, type: email, label: Email address, personal: true}
      - {id: phone, type: phone, label: Phone number, personal: true}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: in_progress, label: In progress}
    - {id: waiting, label: Waiting for information, pauses_clock: true}
    - {id: fixed, label: Fixed, terminal: true}
  transitions:
    - {id: start, label: Start work, from: [received], to: in_progress, roles: [officer]}
    - {id: wait, label: Ask for information, from: [in_progress], to: waiting, roles: [officer]}
    - {id: resume, label: Information received, from: [waiting], to: in_progress, roles: [officer]}
    - id: fix
      label: Mark as fixed
      from: [in_progress]
      to: fixed
      roles: [officer]
      fields:
        - {id: resolution, type: textarea, label: What was done?, validate: {required: true}}
notifications:
  - {event: submitted, to: [resident, team], subject: "Pothole report {{reference}}", body: "We have your report {{reference}} about {{answer.location}}. Due {{due}}."}
  - {event: transitioned, transition: fix, note_field: resolution, to: [resident], subject: "{{reference}} fixed", body: "{{note}}"}
  - {event: note, to: [resident], subject: "Update on {{reference}}", body: "{{note}}"}
  - {event: overdue, to: [team], subject: "{{reference}} is overdue", body: "Due {{due}}"}
retention: {period: P2Y, trigger: closed, action: delete, authority: Business decision}
`

const safeguardingYAML = `id: safeguarding-concern
version: 1
name: Report a safeguarding concern
summary: Tell us if you are worried about a child or an adult.
category: Care
audience: [public]
team: social-care
classification: OFFICIAL-SENSITIVE
roles: [social_worker]
applicant: {name: full_name, email: email}
pages:
  - id: concern
    title: Your concern
    questions:
      - {id: concern, type: textarea, label: What are you worried about?, validate: {required: true}}
      - {id: full_name, type: text, label: Full name, personal: true, validate: {required: true}}
      - {id: email, type: email, label: Email address, personal: true}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: closed, label: Closed, terminal: true}
  transitions:
    - {id: close, label: Close, from: [received], to: closed, roles: [social_worker]}
retention: {period: P6Y, trigger: closed, action: review, authority: Care Act 2014}
`

// fakeClock is an injectable clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func registry(t testing.TB) *service.Registry {
	t.Helper()
	var defs []*service.Definition
	for name, src := range map[string]string{"pothole.yaml": potholeYAML, "safeguarding.yaml": safeguardingYAML} {
		d, err := service.Parse(name, []byte(src))
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		defs = append(defs, d)
	}
	return service.NewRegistry(service.NewCatalog(defs))
}

// newService is a case service on s with a clock starting on Monday 2 March 2026, 10:00 UTC.
func newService(t testing.TB, s *store.Store) (*cases.Service, *fakeClock) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	return &cases.Service{
		Store: s, Services: registry(t), Clock: cases.Calendar{}, Now: clk.Now,
		TeamMailboxes: map[string]string{"highways": "highways@council.example"},
		Staff:         staffOn(t, s),
	}, clk
}

// staffOn is the real identity service on s with the staff the tests assign
// cases to: three highways officers, a leaver, a member with no role on the
// pothole service, and an officer of another team.
func staffOn(t testing.TB, s *store.Store) *auth.Service {
	t.Helper()
	a, err := auth.NewService(s, auth.Options{SecretKey: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []auth.User{
		{ID: "u-officer", Name: "Olu Officer", Grants: []access.Grant{{Role: "officer", Team: "highways"}}, Active: true},
		{ID: "u-other", Name: "Ola Other", Grants: []access.Grant{{Role: "officer", Team: "highways"}}, Active: true},
		{ID: "u-team-lead", Name: "Tam Lead", Grants: []access.Grant{{Role: "officer", Team: "*"}, {Role: "team_leader", Team: "highways"}}, Active: true},
		{ID: "u-leaver", Name: "Lee Leaver", Grants: []access.Grant{{Role: "officer", Team: "highways"}}, Active: false},
		{ID: "u-member", Name: "Mo Member", Grants: []access.Grant{{Role: access.RoleMember, Team: "highways"}}, Active: true},
		{ID: "u-sw", Name: "Sam Social", Grants: []access.Grant{{Role: "officer", Team: "social-care"}}, Active: true},
	} {
		u.Email, u.Kind = u.ID+"@council.example", access.KindStaff
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

var (
	officer = access.Principal{Kind: access.KindStaff, UserID: "u-officer", Name: "Olu Officer", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}, MFA: true}
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
