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
	var ids []string
	for _, d := range cat.All() {
		ids = append(ids, d.ID)
	}
	if problems := plan.CheckServices(ids); len(problems) > 0 {
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
