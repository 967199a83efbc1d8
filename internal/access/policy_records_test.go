package access

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// The document policy as a matrix. Documents belong to the planning team;
// the spaces' members are the planning officer and two partners, one on the
// approved domain police.example.uk and one not. Each cell gives view, find,
// act and export:   A allowed and audited   Y allowed   - refused
var recordsTable = `
reader                   official  sensitive  space     sensitive-space
planning-officer         YYYY      AYYA       YYYY      AYYA
planning-no-mfa          YYYY      ----       YYYY      ----
parks-officer            YY-Y      ----       ----      ----
filer-in-parks           YYYY      AYYA       YYYY      AYYA
councillor               YY-Y      ----       ----      ----
partner-approved         ----      ----       YYY-      AYY-
partner-approved-no-mfa  ----      ----       ----      ----
partner-other-domain     ----      ----       YYY-      ----
partner-not-member       ----      ----       ----      ----
api-unscoped-write       YYYY      ----       ----      ----
api-read-only            YY-Y      ----       ----      ----
api-scoped               ----      ----       ----      ----
resident                 ----      ----       ----      ----
`

var recordsReaders = map[string]Principal{
	"planning-officer":        {Kind: KindStaff, UserID: "po", Email: "po@council.example", MFA: true, Teams: []string{"planning"}},
	"planning-no-mfa":         {Kind: KindStaff, UserID: "po", Email: "po@council.example", Teams: []string{"planning"}},
	"parks-officer":           {Kind: KindStaff, UserID: "pk", Email: "pk@council.example", MFA: true, Teams: []string{"parks"}},
	"filer-in-parks":          {Kind: KindStaff, UserID: "filer", Email: "filer@council.example", MFA: true, Teams: []string{"parks"}},
	"councillor":              {Kind: KindCouncillor, UserID: "cllr", Email: "cllr@council.example", MFA: true},
	"partner-approved":        {Kind: KindPartner, UserID: "pc", Email: "pc@police.example.uk", MFA: true},
	"partner-approved-no-mfa": {Kind: KindPartner, UserID: "pc", Email: "pc@police.example.uk"},
	"partner-other-domain":    {Kind: KindPartner, UserID: "gm", Email: "someone@gmail.example", MFA: true},
	"partner-not-member":      {Kind: KindPartner, UserID: "x", Email: "x@police.example.uk", MFA: true},
	"api-unscoped-write":      {Kind: KindAPIClient, UserID: "t1", Write: true, MFA: true},
	"api-read-only":           {Kind: KindAPIClient, UserID: "t2", MFA: true},
	"api-scoped":              {Kind: KindAPIClient, UserID: "t3", Write: true, MFA: true, Services: []string{"complaint"}},
	"resident":                Anonymous,
}

func TestRecordsMatrix(t *testing.T) {
	space := &Space{Members: []string{"po@council.example", "PC@police.example.uk", "someone@gmail.example"}, PartnerDomains: []string{"police.example.uk"}}
	resources := map[string]Resource{
		"official":        {Team: "planning", Classification: service.Official, CreatedBy: "filer", Record: &Record{}},
		"sensitive":       {Team: "planning", Classification: service.OfficialSensitive, CreatedBy: "filer", Record: &Record{}},
		"space":           {Team: "planning", Classification: service.Official, CreatedBy: "filer", Record: &Record{Space: space}},
		"sensitive-space": {Team: "planning", Classification: service.OfficialSensitive, CreatedBy: "filer", Record: &Record{Space: space}},
	}
	lines := strings.Split(strings.TrimSpace(recordsTable), "\n")
	columns := strings.Fields(lines[0])[1:]
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		p, ok := recordsReaders[f[0]]
		if !ok {
			t.Fatalf("no reader %q", f[0])
		}
		for i, col := range columns {
			if got := cells(p, resources[col], ActionView, ActionFind, ActionAct, ActionExport); got != f[i+1] {
				t.Errorf("%s on %s: got %s, want %s", f[0], col, got, f[i+1])
			}
		}
	}
}

// The space policy beyond reading: opening one for a team (create, asked
// with nobody its member or opener yet), leaving a note (act), filing a
// document in it (create, with its members) and inviting (share). Each cell
// gives open, note, file and invite on an OFFICIAL and an OFFICIAL-SENSITIVE
// space of the planning team.
var spaceTable = `
reader                   official  sensitive
planning-officer         YYYY      YYYY
planning-no-mfa          YYYY      ----
parks-officer            ----      ----
councillor               ----      ----
partner-approved         -Y--      -Y--
partner-other-domain     -Y--      ----
partner-not-member       ----      ----
api-unscoped-write       ----      ----
resident                 ----      ----
`

func TestSpaceMatrix(t *testing.T) {
	members := []string{"po@council.example", "pc@police.example.uk", "someone@gmail.example"}
	for _, line := range rows(spaceTable) {
		f := strings.Fields(line)
		p := recordsReaders[f[0]]
		for i, class := range []service.Classification{service.Official, service.OfficialSensitive} {
			space := Resource{Team: "planning", Classification: class, CreatedBy: "po", Record: &Record{Space: &Space{Members: members, PartnerDomains: []string{"police.example.uk"}}}}
			opening := Resource{Team: "planning", Classification: class, Record: &Record{Space: &Space{PartnerDomains: []string{"police.example.uk"}}}}
			filing := space
			filing.CreatedBy = ""
			got := ""
			for _, d := range []Decision{Decide(p, ActionCreate, opening), Decide(p, ActionAct, space), Decide(p, ActionCreate, filing), Decide(p, ActionShare, space)} {
				got += map[bool]string{true: "Y", false: "-"}[d.Allow]
			}
			if got != f[i+1] {
				t.Errorf("%s on a %s space: got %s, want %s", f[0], class, got, f[i+1])
			}
		}
	}
}
