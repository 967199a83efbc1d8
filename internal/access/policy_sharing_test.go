package access

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// The sharing rule of councillors' enquiries as a matrix. The enquiry was
// raised by councillor "jones" (Abbey ward, Labour) and is OFFICIAL-SENSITIVE;
// each row is a reader, each column the councillor's sharing choice, and each
// cell the decisions for view, find, act and export:
//
//	A  allowed and audited     Y  allowed     -  refused
var sharingTable = `
reader                        nobody  ward    party
jones-own                     AYYA    AYYA    AYYA
abbey-labour                  ----    AY--    AY--
abbey-green                   ----    AY--    ----
abbey-labour-no-mfa           ----    ----    ----
ABBEY-labour-spaced           ----    AY--    AY--
castle-labour                 ----    ----    ----
no-ward                       ----    ----    ----
abbey-no-party                ----    AY--    ----
members-services-officer      AYYA    AYYA    AYYA
housing-officer-routed        AYYA    AYYA    AYYA
parks-officer                 ----    ----    ----
`

var sharingReaders = map[string]Principal{
	"jones-own":           {Kind: KindCouncillor, UserID: "jones", MFA: true, Ward: "Abbey", Party: "Labour"},
	"abbey-labour":        {Kind: KindCouncillor, UserID: "patel", MFA: true, Ward: "Abbey", Party: "Labour"},
	"abbey-green":         {Kind: KindCouncillor, UserID: "green", MFA: true, Ward: "Abbey", Party: "Green"},
	"abbey-labour-no-mfa": {Kind: KindCouncillor, UserID: "patel", Ward: "Abbey", Party: "Labour"},
	"ABBEY-labour-spaced": {Kind: KindCouncillor, UserID: "khan", MFA: true, Ward: " ABBEY ", Party: "labour "},
	"castle-labour":       {Kind: KindCouncillor, UserID: "smith", MFA: true, Ward: "Castle", Party: "Labour"},
	"no-ward":             {Kind: KindCouncillor, UserID: "new", MFA: true, Party: "Labour"},
	"abbey-no-party":      {Kind: KindCouncillor, UserID: "indep", MFA: true, Ward: "Abbey"},
	"members-services-officer": {Kind: KindStaff, UserID: "ms", MFA: true, Teams: []string{"members-services"},
		Grants: []Grant{{Role: "members_services", Team: "members-services"}}},
	"housing-officer-routed": {Kind: KindStaff, UserID: "ho", MFA: true, Teams: []string{"housing"},
		Grants: []Grant{{Role: "officer", Team: "housing"}}},
	"parks-officer": {Kind: KindStaff, UserID: "po", MFA: true, Teams: []string{"parks"},
		Grants: []Grant{{Role: "officer", Team: "parks"}}},
}

// TestSharingMatrix checks every reader against every sharing choice, on an
// enquiry Members' Services has sent to Housing.
func TestSharingMatrix(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(sharingTable), "\n")
	choices := strings.Fields(lines[0])[1:]
	actions := []Action{ActionView, ActionFind, ActionAct, ActionExport}
	rows := 0
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		p, ok := sharingReaders[f[0]]
		if !ok {
			t.Fatalf("no reader %q", f[0])
		}
		for i, choice := range choices {
			r := Resource{ServiceID: "member-enquiry", Team: "housing", ServiceTeam: "members-services",
				Classification: service.OfficialSensitive, Roles: []string{"officer", "members_services", "team_leader", "auditor"},
				CreatedBy: "jones", Sharing: Sharing{With: choice, Ward: "Abbey", Party: "Labour"}}
			if got := cells(p, r, actions...); got != f[i+1] {
				t.Errorf("%s reading an enquiry shared with %s: got %s, want %s", f[0], choice, got, f[i+1])
			}
			rows++
		}
	}
	if rows != len(sharingReaders)*len(choices) {
		t.Errorf("the table covers %d cells, want %d", rows, len(sharingReaders)*len(choices))
	}
}

// TestSharingNeedsAWard: an enquiry recorded without the raiser's ward (they
// had none) is shared with nobody, whatever was chosen.
func TestSharingNeedsAWard(t *testing.T) {
	for _, s := range []Sharing{{With: ShareWard}, {With: ShareParty, Party: "Labour"}, {With: "everyone", Ward: "Abbey"}} {
		r := Resource{Team: "members-services", Classification: service.OfficialSensitive, CreatedBy: "jones", Sharing: s}
		for _, p := range []Principal{sharingReaders["abbey-labour"], sharingReaders["no-ward"]} {
			if d := Decide(p, ActionView, r); d.Allow {
				t.Errorf("%s reads an enquiry shared as %+v", fmt.Sprint(p.UserID), s)
			}
		}
	}
}
