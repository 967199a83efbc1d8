package access

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestDecideImportedSource: an imported record of a source with configured
// roles is read only by staff granted one of them (in any team), never
// changed, never read by councillors or API clients.
func TestDecideImportedSource(t *testing.T) {
	ct := Resource{Source: "council-tax", Roles: []string{"revenues_officer", "information_governance"}, Classification: service.Official}
	staff := func(role, team string) Principal {
		return Principal{Kind: KindStaff, UserID: role, MFA: true, Teams: []string{team}, Grants: []Grant{{Role: role, Team: team}}}
	}
	for _, tc := range []struct {
		name string
		p    Principal
		a    Action
		want bool
	}{
		{"revenues officer views", staff("revenues_officer", "revenues"), ActionView, true},
		{"revenues officer finds", staff("revenues_officer", "revenues"), ActionFind, true},
		{"information governance exports", staff("information_governance", "ig"), ActionExport, true},
		{"revenues officer cannot act", staff("revenues_officer", "revenues"), ActionAct, false},
		{"highways officer", staff("officer", "highways"), ActionView, false},
		{"officer in the revenues team without the role", staff("officer", "revenues"), ActionView, false},
		{"auditor of every team", staff(RoleAuditor, "*"), ActionView, false},
		{"councillor", Principal{Kind: KindCouncillor, UserID: "c", MFA: true, Grants: []Grant{{Role: "revenues_officer", Team: "*"}}}, ActionView, false},
		{"API client", Principal{Kind: KindAPIClient, UserID: "t", Grants: []Grant{{Role: "revenues_officer", Team: "*"}}}, ActionView, false},
		{"anonymous", Anonymous, ActionView, false},
		{"system", Principal{Kind: KindSystem}, ActionView, true},
	} {
		if got := Decide(tc.p, tc.a, ct).Allow; got != tc.want {
			t.Errorf("%s: Decide(%s) = %v, want %v", tc.name, tc.a, got, tc.want)
		}
	}
	sensitive := ct
	sensitive.Classification = service.OfficialSensitive
	noMFA := staff("revenues_officer", "revenues")
	noMFA.MFA = false
	if Decide(noMFA, ActionView, sensitive).Allow {
		t.Error("an OFFICIAL-SENSITIVE source was read without a second factor")
	}
}
