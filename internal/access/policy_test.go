package access

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// The access policy as a table. Each row is a caller, a classification and
// whether the caller passed a second factor; the six letters are the
// decisions for view, find, act, export, create and bulk-assign, in that
// order:
//
//	Y  allowed        A  allowed and written to the audit log        -  refused
//
// The case belongs to team "roads" on service "pothole", whose definition
// names the roles officer, team_leader and councillor. Councillor "own" rows
// are for a case the councillor raised; "other" for someone else's.
var policyTable = `
caller              classification       mfa  V F A E C B M U
officer-roads       OFFICIAL             on   Y Y Y Y Y - Y -
officer-roads       OFFICIAL             off  Y Y Y Y Y - Y -
officer-roads       OFFICIAL-SENSITIVE   on   A Y Y A Y - Y -
officer-roads       OFFICIAL-SENSITIVE   off  - - - - - - - -
officer-parks       OFFICIAL             on   - - - - - - - -
officer-parks       OFFICIAL             off  - - - - - - - -
officer-parks       OFFICIAL-SENSITIVE   on   - - - - - - - -
officer-parks       OFFICIAL-SENSITIVE   off  - - - - - - - -
leader-roads        OFFICIAL             on   Y Y Y Y Y Y Y -
leader-roads        OFFICIAL             off  Y Y Y Y Y Y Y -
leader-roads        OFFICIAL-SENSITIVE   on   A Y Y A Y Y Y -
leader-roads        OFFICIAL-SENSITIVE   off  - - - - - - - -
leader-parks        OFFICIAL             on   - - - - - - - -
leader-parks        OFFICIAL             off  - - - - - - - -
leader-parks        OFFICIAL-SENSITIVE   on   - - - - - - - -
leader-parks        OFFICIAL-SENSITIVE   off  - - - - - - - -
leader-everywhere   OFFICIAL             on   Y Y Y Y Y Y Y -
member-roads        OFFICIAL             on   Y Y Y Y Y - Y -
member-roads        OFFICIAL-SENSITIVE   on   - - - - - - - -
auditor             OFFICIAL             on   Y Y - Y - - - -
auditor             OFFICIAL             off  Y Y - Y - - - -
auditor             OFFICIAL-SENSITIVE   on   - - - - - - - -
auditor             OFFICIAL-SENSITIVE   off  - - - - - - - -
administrator       OFFICIAL             on   - - - - - - - -
administrator       OFFICIAL             off  - - - - - - - -
administrator       OFFICIAL-SENSITIVE   on   - - - - - - - -
administrator       OFFICIAL-SENSITIVE   off  - - - - - - - -
councillor-own      OFFICIAL             on   Y Y Y Y Y - - -
councillor-own      OFFICIAL             off  Y Y Y Y Y - - -
councillor-own      OFFICIAL-SENSITIVE   on   A Y Y A Y - - -
councillor-own      OFFICIAL-SENSITIVE   off  - - - - - - - -
councillor-other    OFFICIAL             on   - - - - Y - - -
councillor-other    OFFICIAL             off  - - - - Y - - -
councillor-other    OFFICIAL-SENSITIVE   on   - - - - Y - - -
councillor-other    OFFICIAL-SENSITIVE   off  - - - - - - - -
api-read-scoped     OFFICIAL             on   Y Y - Y - - - -
api-read-scoped     OFFICIAL-SENSITIVE   on   A Y - A - - - -
api-read-scoped     OFFICIAL-SENSITIVE   off  - - - - - - - -
api-write-scoped    OFFICIAL             on   Y Y Y Y Y - - -
api-write-scoped    OFFICIAL-SENSITIVE   on   A Y Y A Y - - -
api-read-unscoped   OFFICIAL             on   Y Y - Y - - - -
api-read-unscoped   OFFICIAL-SENSITIVE   on   A Y - A - - - -
api-write-unscoped  OFFICIAL             on   Y Y Y Y Y - - -
api-write-leader    OFFICIAL             on   Y Y Y Y Y - - -
api-other-service   OFFICIAL             on   - - - - - - - -
api-other-service   OFFICIAL-SENSITIVE   on   - - - - - - - -
api-no-grants       OFFICIAL             on   - - - - - - - -
resident            OFFICIAL             off  - - - - - - - -
resident            OFFICIAL-SENSITIVE   off  - - - - - - - -
resident-own        OFFICIAL             off  Y Y - - - - - Y
resident-own        OFFICIAL-SENSITIVE   off  A Y - - - - - Y
resident-other      OFFICIAL             off  - - - - - - - -
resident-other      OFFICIAL-SENSITIVE   off  - - - - - - - -
resident-no-email   OFFICIAL             off  - - - - - - - -
system              OFFICIAL             on   Y Y Y Y Y Y Y Y
system              OFFICIAL-SENSITIVE   on   Y Y Y Y Y Y Y Y
`

// On a service that also names the auditor role, auditors may read its
// OFFICIAL-SENSITIVE cases (audited), and still never act.
var auditorNamedTable = `
caller              classification       mfa  V F A E C B M U
auditor             OFFICIAL             on   Y Y - Y - - - -
auditor             OFFICIAL-SENSITIVE   on   A Y - A - - - -
auditor             OFFICIAL-SENSITIVE   off  - - - - - - - -
auditor-roads-only  OFFICIAL             on   Y Y - Y - - - -
auditor-parks-only  OFFICIAL             on   - - - - - - - -
officer-roads       OFFICIAL-SENSITIVE   on   A Y Y A Y - Y -
`

func g(role, team string) Grant { return Grant{Role: role, Team: team} }

// callers builds each caller of the tables; mfa sets the principal's MFA flag.
func callers(name string, mfa bool) (Principal, string) {
	// Teams come from grants exactly as sign-in computes them.
	staff := func(grants ...Grant) Principal {
		return Principal{Kind: KindStaff, UserID: "u-" + name, Teams: TeamsOf(grants), Grants: grants, MFA: mfa}
	}
	api := func(services []string, write bool, grants ...Grant) Principal {
		return Principal{Kind: KindAPIClient, UserID: "token:" + name, Services: services, Write: write, Grants: grants, Teams: TeamsOf(grants), MFA: mfa}
	}
	councillor := Principal{Kind: KindCouncillor, UserID: "cllr-1", Grants: []Grant{g("councillor", "*")}, MFA: mfa}
	switch name {
	case "officer-roads":
		return staff(g("officer", "roads")), ""
	case "officer-parks":
		return staff(g("officer", "parks")), ""
	case "leader-roads":
		return staff(g("team_leader", "roads")), ""
	case "leader-parks": // leads another team, on a service that names the role
		return staff(g("team_leader", "parks")), ""
	case "leader-everywhere":
		return staff(g("team_leader", "*"), g("officer", "roads")), ""
	case "member-roads":
		return staff(g(RoleMember, "roads")), ""
	case "auditor":
		return staff(g(RoleAuditor, "*")), ""
	case "auditor-roads-only":
		return staff(g(RoleAuditor, "roads")), ""
	case "auditor-parks-only":
		return staff(g(RoleAuditor, "parks")), ""
	case "administrator":
		return staff(g(RoleAdministrator, "*")), ""
	case "councillor-own":
		return councillor, "cllr-1"
	case "councillor-other":
		return councillor, "someone-else"
	case "api-read-scoped":
		return api([]string{"pothole"}, false, g("officer", "roads")), ""
	case "api-write-scoped":
		return api([]string{"pothole"}, true, g("officer", "roads")), ""
	case "api-read-unscoped":
		return api(nil, false, g("officer", "roads")), ""
	case "api-write-unscoped":
		return api(nil, true, g("officer", "roads")), ""
	case "api-write-leader": // a token is never a team leader, whatever its grants
		return api(nil, true, g("team_leader", "roads")), ""
	case "api-other-service":
		return api([]string{"missed-bin"}, true, g("officer", "roads")), ""
	case "api-no-grants":
		return api(nil, true), ""
	case "resident":
		return Anonymous, ""
	case "resident-own": // the case was submitted as Ada@Example.org
		return Principal{Kind: KindResidentAccount, UserID: "r-1", Email: "ada@example.org"}, ""
	case "resident-other":
		return Principal{Kind: KindResidentAccount, UserID: "r-2", Email: "ada@example.org.evil.test"}, ""
	case "resident-no-email":
		return Principal{Kind: KindResidentAccount, UserID: "r-3"}, ""
	case "system":
		return System, ""
	}
	panic("unknown caller " + name)
}

func TestDecideMatrix(t *testing.T) {
	t.Parallel()
	runTable(t, policyTable, []string{"officer", "team_leader", "councillor"})
	runTable(t, auditorNamedTable, []string{"officer", "team_leader", "councillor", RoleAuditor})
}

func runTable(t *testing.T, table string, roles []string) {
	t.Helper()
	actions := []Action{ActionView, ActionFind, ActionAct, ActionExport, ActionCreate, ActionBulkAssign, ActionMerge, ActionUpdate}
	lines := strings.Split(strings.TrimSpace(table), "\n")
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) != 11 {
			t.Fatalf("bad table line %q", line)
		}
		p, createdBy := callers(f[0], f[2] == "on")
		r := Resource{ServiceID: "pothole", Team: "roads", Classification: service.Classification(f[1]), Roles: roles, CreatedBy: createdBy,
			ApplicantEmail: "Ada@Example.org"}
		for i, a := range actions {
			d := Decide(p, a, r)
			if got := cell(d); got != f[3+i] {
				t.Errorf("%s %s mfa=%s %s: got %s, want %s (%s)", f[0], f[1], f[2], a, cell(d), f[3+i], d.Reason)
			}
			if !d.Allow && d.Reason == "" {
				t.Errorf("%s %s %s: a refusal without a reason", f[0], f[1], a)
			}
		}
	}
}

// Every caller × classification × MFA combination of the main table is
// written out: none was forgotten.
func TestDecideMatrixIsComplete(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(policyTable), "\n")[1:] {
		f := strings.Fields(line)
		seen[fmt.Sprint(f[0], f[1], f[2])] = true
	}
	for _, c := range []string{"officer-roads", "officer-parks", "leader-roads", "leader-parks", "auditor", "administrator", "councillor-own", "councillor-other"} {
		for _, cl := range []string{"OFFICIAL", "OFFICIAL-SENSITIVE"} {
			for _, mfa := range []string{"on", "off"} {
				if !seen[fmt.Sprint(c, cl, mfa)] {
					t.Errorf("the table has no row for %s %s mfa %s", c, cl, mfa)
				}
			}
		}
	}
}

// cell is how a decision reads in the policy matrices: A allowed and
// audited, Y allowed, - refused.
func cell(d Decision) string {
	switch {
	case d.Allow && d.Audit:
		return "A"
	case d.Allow:
		return "Y"
	}
	return "-"
}

// cells is a matrix row's cells: p's decision for each action on r.
func cells(p Principal, r Resource, actions ...Action) string {
	var b strings.Builder
	for _, a := range actions {
		b.WriteString(cell(Decide(p, a, r)))
	}
	return b.String()
}
