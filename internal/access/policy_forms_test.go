package access

import "testing"

// TestSavedFormMatrix: a form in progress is seen, continued and deleted
// by the resident account it belongs to, and by nobody else.
func TestSavedFormMatrix(t *testing.T) {
	bea := Principal{Kind: KindResidentAccount, UserID: ResidentUserID("acc-bea"), Email: "bea@example.org"}
	for _, tc := range []struct {
		name  string
		p     Principal
		owner string
		want  string // "" allowed, else the reason refused
	}{
		{"its resident", bea, "acc-bea", ""},
		{"another resident", Principal{Kind: KindResidentAccount, UserID: ResidentUserID("acc-cal"), Email: "bea@example.org"}, "acc-bea", "another resident's form"},
		{"a form nobody signed in filled", bea, "", "another resident's form"},
		{"staff", Principal{Kind: KindStaff, UserID: "resident:acc-bea", Grants: []Grant{{Role: RoleAdministrator, Team: "*"}}, MFA: true}, "acc-bea", "only the resident sees their forms in progress"},
		{"system", System, "acc-bea", "only the resident sees their forms in progress"},
		{"anonymous", Anonymous, "acc-bea", "only the resident sees their forms in progress"},
	} {
		d := Decide(tc.p, ActionSavedForm, Resource{SavedForm: &SavedForm{OwnerAccount: tc.owner}})
		if d.Allow != (tc.want == "") || (!d.Allow && d.Reason != tc.want) {
			t.Errorf("%s: %+v, want refused for %q", tc.name, d, tc.want)
		}
	}
	if d := Decide(bea, ActionSavedForm, Resource{}); d.Allow {
		t.Error("a form with no owner recorded was allowed")
	}
}
