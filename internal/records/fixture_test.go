package records_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// Two services with the retention actions that matter: potholes are
// anonymised two years after closing, complaints deleted one year after.
const potholeYAML = `id: report-a-pothole
version: 1
name: Report a pothole
summary: Tell us about a pothole.
category: Roads
audience: [public]
team: highways
classification: OFFICIAL
roles: [officer]
applicant: {name: full_name, email: email}
pages:
  - id: where
    title: Where is it?
    questions:
      - {id: location, type: textarea, label: Where is the pothole?, validate: {required: true}}
      - {id: full_name, type: text, label: Full name, personal: true, validate: {required: true}}
      - {id: email, type: email, label: Email address, personal: true}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: fixed, label: Fixed, terminal: true}
  transitions:
    - {id: fix, label: Mark as fixed, from: [received], to: fixed, roles: [officer]}
retention: {period: P2Y, trigger: closed, action: anonymise, authority: Highways Act 1980 s.58}
`

const complaintYAML = `id: complaint
version: 1
name: Make a complaint
summary: Tell us what went wrong.
category: Council
audience: [public]
team: highways
classification: OFFICIAL
roles: [officer]
applicant: {name: full_name, email: email}
pages:
  - id: what
    title: Your complaint
    questions:
      - {id: complaint, type: textarea, label: What went wrong?, validate: {required: true}}
      - {id: full_name, type: text, label: Full name, personal: true, validate: {required: true}}
      - {id: email, type: email, label: Email address, personal: true}
workflow:
  states:
    - {id: received, label: Received, initial: true}
    - {id: closed, label: Closed, terminal: true}
  transitions:
    - {id: close, label: Close, from: [received], to: closed, roles: [officer]}
retention: {period: P1Y, trigger: closed, action: delete, authority: Business decision}
`

// fixturePlanYAML files the two services under classes whose rules are
// theirs (the class's rule is the one applied), and keeps the default
// plan's routine correspondence class for documents.
const fixturePlanYAML = `classes:
  - id: "3"
    title: Environment and streets
    classes:
      - id: "3.1"
        title: Highways
        classes:
          - id: "3.1.1"
            title: Highway defects
            services: [report-a-pothole]
            retention: {trigger: closed, period: P2Y, action: anonymise, authority: "Highways Act 1980 s.58"}
          - id: "3.1.2"
            title: Complaints about highways
            services: [complaint]
            retention: {trigger: closed, period: P1Y, action: delete, authority: "Business decision"}
  - id: "5"
    title: Corporate support
    classes:
      - id: "5.3"
        title: General correspondence
        classes:
          - id: "5.3.1"
            title: Routine correspondence
            retention: {trigger: last_action, period: P2Y, action: delete, authority: "Business decision (no continuing business need)"}
`

// clock is the one moving clock the store, the case service and records share.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Move(years, months, days int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.AddDate(years, months, days)
}

var (
	officer = access.Principal{Kind: access.KindStaff, UserID: "u-officer", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
	manager = access.Principal{Kind: access.KindStaff, UserID: "u-records", MFA: true,
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}
)

// world is a store, the case service and the records service on one clock.
type world struct {
	store   *store.Store
	cases   *cases.Service
	records *records.Service
	blobs   *blob.Local
	clock   *clock
}

func registry(t testing.TB) *service.Registry {
	t.Helper()
	var defs []*service.Definition
	for name, src := range map[string]string{"pothole.yaml": potholeYAML, "complaint.yaml": complaintYAML} {
		d, err := service.Parse(name, []byte(src))
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		defs = append(defs, d)
	}
	return service.NewRegistry(service.NewCatalog(defs))
}

// eachWorld runs fn on SQLite and PostgreSQL, with the clock at Monday 2
// March 2026, 10:00 UTC.
func eachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	storetest.EachWith(t, store.Config{Now: clk.Now}, func(t *testing.T, s *store.Store) {
		clk.t = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		reg := registry(t)
		w := &world{store: s, clock: clk, blobs: &blob.Local{Dir: t.TempDir()},
			cases: &cases.Service{Store: s, Services: reg, Clock: cases.Calendar{}, Now: clk.Now}}
		plan, err := records.ParseFilePlan("fixture plan", []byte(fixturePlanYAML))
		if err != nil {
			t.Fatal(err)
		}
		if problems := plan.CheckServices(reg.Load().All()); len(problems) > 0 {
			t.Fatalf("fixture plan: %v", problems)
		}
		w.records = &records.Service{Store: s, Blobs: w.blobs, Services: reg, Plan: plan, Now: clk.Now, Batch: 3}
		fn(t, w)
	})
}

// submit raises a case from a resident and returns its reference.
func (w *world) submit(t *testing.T, serviceID, text, name string) string {
	t.Helper()
	field := map[string]string{"report-a-pothole": "location", "complaint": "complaint"}[serviceID]
	c, err := w.cases.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: serviceID, Channel: cases.ChannelWeb,
		Answers: service.Answers{field: {Text: text}, "full_name": {Text: name}, "email": {Text: "resident@example.org"}}})
	if err != nil {
		t.Fatalf("submit %s: %v", serviceID, err)
	}
	return c.Ref
}

// close moves a case to its terminal state.
func (w *world) close(t *testing.T, ref string) {
	t.Helper()
	c, err := w.cases.Get(context.Background(), officer, ref)
	if err != nil {
		t.Fatal(err)
	}
	tr := map[string]string{"report-a-pothole": "fix", "complaint": "close"}[c.ServiceID]
	if _, err := w.cases.Transition(context.Background(), officer, ref, tr, nil, c.Version); err != nil {
		t.Fatalf("close %s: %v", ref, err)
	}
}
