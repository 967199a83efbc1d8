package records_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

// TestDefaultFilePlanFilesEveryBundledService: the shipped plan parses,
// every class a document can be filed in has a rule, and every bundled
// service's cases have a class.
func TestDefaultFilePlanFilesEveryBundledService(t *testing.T) {
	plan, err := records.ParseFilePlan("fileplan.yaml", records.DefaultFilePlanYAML)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	if problems := plan.CheckServices(cat.All()); len(problems) > 0 {
		t.Errorf("default plan against the bundled services:\n%s", strings.Join(problems, "\n"))
	}
	for _, c := range plan.Classes() {
		if c.Leaf() && (c.Rule().Period == "" || c.Rule().Authority == "") {
			t.Errorf("class %s has no rule with an authority", c.ID)
		}
	}
}

// TestFilePlanProblemsArePlaced: each problem names file:line:col.
func TestFilePlanProblemsArePlaced(t *testing.T) {
	src := "title: x\nclasses:\n  - id: \"1\"\n    title: A\n    classes:\n      - id: \"2.1\"\n        title: B\n        retention: {trigger: opened, period: P6, action: burn}\n"
	_, err := records.ParseFilePlan("plan.yaml", []byte(src))
	if !errors.Is(err, fault.Invalid) {
		t.Fatalf("err %v, want Invalid", err)
	}
	for _, want := range []string{
		`plan.yaml:6:13: class id "2.1" must be its parent's id and a number, like 1.1`,
		`plan.yaml:8:30: retention trigger "opened" is not known`,
		`plan.yaml:8:46: retention period "P6"`,
		`plan.yaml:8:58: retention action "burn" is not known`,
		`plan.yaml:8:20: say under which statute or business reason`,
	} {
		if !strings.Contains(fault.Public(err), want) {
			t.Errorf("missing %q in\n%s", want, fault.Public(err))
		}
	}
	if _, err := records.ParseFilePlan("plan.yaml", []byte("classes:\n  - id: \"1\"\n    titel: A\n")); err == nil || !strings.Contains(fault.Public(err), "plan.yaml:3:5") {
		t.Errorf("unknown field: %v", err)
	}
}

// TestFilePlanChecksServicesAgainstTheirClass: fileplan check finds a
// service filed twice, one filed above the transactions, a class naming a
// service that does not exist, one left unfiled, and a definition whose
// retention disagrees with its class's rule — each placed at file:line:col
// where it must be put right.
func TestFilePlanChecksServicesAgainstTheirClass(t *testing.T) {
	src := `classes:
  - id: "1"
    title: Streets
    services: [missed-bin-collection]
    retention: {trigger: closed, period: P2Y, action: delete, authority: "Business decision"}
    classes:
      - id: "1.1"
        title: Highway defects
        services: [report-a-pothole, street-party]
        retention: {trigger: closed, period: P6Y, action: anonymise, authority: "Highways Act 1980 s.58"}
      - id: "1.2"
        title: Complaints
        services: [complaint, report-a-pothole]
        retention: {trigger: last_action, period: P2Y, action: delete, authority: "Business decision"}
`
	plan, err := records.ParseFilePlan("plan.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	var defs []*service.Definition
	for _, id := range []string{"complaint", "missed-bin-collection", "moving-home", "report-a-pothole"} {
		d, _ := cat.Get(id)
		defs = append(defs, d)
	}
	got := plan.CheckServices(defs)
	want := []string{
		`plan.yaml:4:16: service missed-bin-collection is filed under class 1, which has sub-classes: file cases under a transaction`,
		`plan.yaml:9:38: class 1.1 names service street-party, which is not defined`,
		`plan.yaml:13:31: service report-a-pothole is filed under class 1.1 and class 1.2: file a service's cases under one class`,
		`complaint.yaml:280:11: retention period "P6Y" does not agree with file plan class 1.2 (plan.yaml:11:13), whose rule is period "P2Y" and is the one applied: change one so they agree`,
		`complaint.yaml:281:12: retention trigger "closed" does not agree with file plan class 1.2 (plan.yaml:11:13), whose rule is trigger "last_action" and is the one applied: change one so they agree`,
		`moving-home.yaml:3:5: service moving-home is filed under no class of plan.yaml: add it to a class's 'services:'`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	complaint, _ := cat.Get("complaint")
	if r := plan.CaseRule(complaint); r.Period != "P2Y" || r.Trigger != "last_action" || r.Source != "class:1.2" {
		t.Errorf("complaint cases are kept by %+v, want class 1.2's rule", r)
	}
}
