package records_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

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
            services: [anonymised-pothole]
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

var (
	officer = access.Principal{Kind: access.KindStaff, UserID: "u-officer", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
	manager = access.Principal{Kind: access.KindStaff, UserID: "u-records", MFA: true,
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}
)

// world is the platform as serve wires it, on the two retention fixtures
// and the fixture file plan, with a disposal batch small enough that the
// tests' few records take several steps.
type world struct{ *platformtest.Platform }

func eachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	plan := filepath.Join(t.TempDir(), "fileplan.yaml")
	if err := os.WriteFile(plan, []byte(fixturePlanYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		if problems := p.Records.Plan.CheckServices(p.Registry.Load().All()); len(problems) > 0 {
			t.Fatalf("fixture plan: %v", problems)
		}
		p.Records.Batch = 3
		fn(t, &world{p})
	}, platformtest.Fixtures("anonymised-pothole", "complaint"), platformtest.Configure(func(c *platform.Config) {
		c.FilePlan = plan
		c.PartnerDomains, c.CouncilDomains = "police.example.uk", "council.example"
	}))
}

// move moves the clock on by a calendar interval, as retention periods run.
func (w *world) move(years, months, days int) {
	w.Clock.Set(w.Clock.Now().AddDate(years, months, days))
}

// blobPath is where the local document store keeps key's bytes.
func (w *world) blobPath(key string) string {
	return filepath.Join(w.Config.DataDir, "documents", key[:2], key)
}

// submit raises a case from a resident and returns its reference.
func (w *world) submit(t *testing.T, serviceID, text, name string) string {
	t.Helper()
	field := map[string]string{"anonymised-pothole": "location", "complaint": "complaint"}[serviceID]
	c, err := w.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: serviceID, Channel: cases.ChannelWeb,
		Answers: service.Answers{field: {Text: text}, "full_name": {Text: name}, "email": {Text: "resident@example.org"}}})
	if err != nil {
		t.Fatalf("submit %s: %v", serviceID, err)
	}
	return c.Ref
}

// close moves a case to its terminal state.
func (w *world) close(t *testing.T, ref string) {
	t.Helper()
	c, err := w.Cases.Get(context.Background(), officer, ref)
	if err != nil {
		t.Fatal(err)
	}
	tr := map[string]string{"anonymised-pothole": "fix", "complaint": "close"}[c.ServiceID]
	if _, err := w.Cases.Transition(context.Background(), officer, ref, tr, nil, c.Version); err != nil {
		t.Fatalf("close %s: %v", ref, err)
	}
}
