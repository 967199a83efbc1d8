package people_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// singleViewFixture: one resident with a pothole report (OFFICIAL, highways)
// and a subject access request (OFFICIAL-SENSITIVE, information governance),
// both at 3 Mill Lane, plus a council tax record.
type singleViewFixture struct {
	person         int64
	pothole, sar   string
	propertyUPRN   string
	sensitivePhone string
	sensitiveDOB   string
}

func newSingleView(t *testing.T, e *env) singleViewFixture {
	ctx := context.Background()
	e.loadGazetteer()
	f := singleViewFixture{propertyUPRN: "990000000102", sensitivePhone: "07700900999", sensitiveDOB: "1962-03-14"}
	home := &service.Address{Line1: "3 Mill Ln", Town: "Wyvernbury", Postcode: "wv1 2ab"}
	f.pothole = e.submit("report-a-pothole", "highways", service.Official,
		cases.Applicant{Name: "Margaret Oyelaran", Email: "m.oyelaran@example.org"},
		service.Answers{"where": {Location: &service.Location{UPRN: f.propertyUPRN}}})
	f.sar = e.submit("subject-access-request", "information-governance", service.OfficialSensitive,
		cases.Applicant{Name: "Margaret Oyelaran", Email: "m.oyelaran@example.org", Phone: f.sensitivePhone, DateOfBirth: f.sensitiveDOB, Address: home},
		service.Answers{"details": {Text: "Letters about my neighbour Kofi Mensah and me"}})
	err := e.svc.ImportRecords(ctx, "test", "council-tax", []people.Record{{Key: "council-tax:CT1", Source: "council-tax",
		GivenName: "Margaret", FamilyName: "Oyelaran", Email: "m.oyelaran@example.org",
		Address: people.Address{Line1: "3 Mill Lane", Postcode: "WV1 2AB"}, ObservedAt: e.now}})
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	f.person = e.personOf("case:" + f.pothole)
	if e.personOf("case:"+f.sar) != f.person || e.personOf("council-tax:CT1") != f.person {
		t.Fatalf("records were not linked into one person")
	}
	return f
}

// TestSingleViewPolicy: a table of principals against the person page,
// search, property page and export; whoever may not find the sensitive case
// never learns from the single view that it exists.
func TestSingleViewPolicy(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newSingleView(t, e)
		ctx := context.Background()
		staff := func(mfa bool, teams []string, grants ...access.Grant) access.Principal {
			return access.Principal{Kind: access.KindStaff, UserID: "u", Name: "Officer", MFA: mfa, Teams: teams, Grants: grants}
		}
		tests := []struct {
			name      string
			p         access.Principal
			cases     []string // visible cases, newest first; nil: the person is not found
			sensitive bool
		}{
			{"highways officer", staff(false, []string{"highways"}, access.Grant{Role: "officer", Team: "highways"}), []string{f.pothole}, false},
			{"highways officer with MFA", staff(true, []string{"highways"}, access.Grant{Role: "officer", Team: "highways"}), []string{f.pothole}, false},
			{"IG officer with MFA", staff(true, []string{"information-governance"}, access.Grant{Role: "officer", Team: "information-governance"}), []string{f.sar}, true},
			{"IG officer without MFA", staff(false, []string{"information-governance"}, access.Grant{Role: "officer", Team: "information-governance"}), []string{}, false},
			{"auditor", staff(false, nil, access.Grant{Role: "auditor", Team: "*"}), []string{f.pothole}, false},
			// the SAR service names the auditor role: auditors read it with a second factor
			{"auditor with MFA", staff(true, nil, access.Grant{Role: "auditor", Team: "*"}), []string{f.sar, f.pothole}, true},
			{"IG and highways with MFA", staff(true, []string{"information-governance", "highways"}, access.Grant{Role: "officer", Team: "information-governance"}), []string{f.sar, f.pothole}, true},
			{"councillor", access.Principal{Kind: access.KindCouncillor, UserID: "c", MFA: true}, nil, false},
			{"resident", access.Anonymous, nil, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				view, err := e.svc.Person(ctx, tt.p, f.person)
				if tt.cases == nil {
					if !errors.Is(err, fault.NotFound) {
						t.Fatalf("person: %v, want NotFound", err)
					}
				} else {
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, c := range view.Cases {
						got = append(got, c.Ref)
					}
					if strings.Join(got, ",") != strings.Join(tt.cases, ",") {
						t.Errorf("cases = %v, want %v", got, tt.cases)
					}
				}
				dump := fmt.Sprintf("%+v", view)
				prop, perr := e.svc.Property(ctx, tt.p, f.propertyUPRN)
				dump += fmt.Sprintf("%+v", prop)
				res, _ := e.svc.Search(ctx, tt.p, people.SearchQuery{Name: "Margaret Oyelaran"})
				dump += fmt.Sprintf("%+v", res)
				byDOB, _ := e.svc.Search(ctx, tt.p, people.SearchQuery{DateOfBirth: f.sensitiveDOB})
				dump += fmt.Sprintf("%+v", byDOB)
				if !tt.sensitive {
					for _, secret := range []string{f.sar, f.sensitivePhone, f.sensitiveDOB, "Kofi"} {
						if strings.Contains(dump, secret) {
							t.Errorf("the single view shows %q to a principal who may not find the sensitive case", secret)
						}
					}
					if len(byDOB) != 0 {
						t.Errorf("search by the sensitive birth date found %d people", len(byDOB))
					}
				}
				if tt.cases == nil {
					if len(res) != 0 || !errors.Is(perr, fault.NotFound) && len(prop.Cases) != 0 {
						t.Errorf("search %d results, property cases %d; want nothing", len(res), len(prop.Cases))
					}
					return
				}
				if len(res) != 1 || res[0].ID != f.person || res[0].Cases != len(tt.cases) {
					t.Errorf("search = %+v, want the person with %d cases", res, len(tt.cases))
				}
				if perr != nil || len(prop.Cases) != len(tt.cases) {
					t.Errorf("property page: %d cases, %v; want %d", len(prop.Cases), perr, len(tt.cases))
				}
			})
		}
	})
}

// TestImportedSourceRoles: with roles configured for council tax, its
// imported record shows in the single view only to holders of those roles;
// a case's own record still shows with its case.
func TestImportedSourceRoles(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newSingleView(t, e)
		e.svc.SourceRoles = map[string][]string{"council-tax": {"revenues_officer"}}
		ctx := context.Background()
		staff := func(role, team string) access.Principal {
			return access.Principal{Kind: access.KindStaff, UserID: role + "@" + team, MFA: true, Teams: []string{team},
				Grants: []access.Grant{{Role: role, Team: team}, {Role: "officer", Team: "highways"}}}
		}
		for _, tc := range []struct {
			name string
			p    access.Principal
			want bool
		}{
			{"revenues officer", staff("revenues_officer", "revenues"), true},
			{"highways officer only", staff("officer", "highways"), false},
		} {
			view, err := e.svc.Person(ctx, tc.p, f.person)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var sources []string
			for _, r := range view.Records {
				sources = append(sources, r.Source)
			}
			got := strings.Contains(strings.Join(sources, ","), "council-tax")
			if got != tc.want {
				t.Errorf("%s sees sources %v; council tax shown = %v, want %v", tc.name, sources, got, tc.want)
			}
			if len(view.Cases) == 0 || view.Cases[0].Ref != f.pothole {
				t.Errorf("%s: the pothole case should still show", tc.name)
			}
		}
	})
}

// TestSingleViewAuditsApplicantData: showing a subject access applicant's
// data (from the OFFICIAL-SENSITIVE request) on the person page or in a
// search result writes who saw whose data and when; a view that shows only
// OFFICIAL data writes nothing.
func TestSingleViewAuditsApplicantData(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newSingleView(t, e)
		ctx := context.Background()
		ig := access.Principal{Kind: access.KindStaff, UserID: "ig-officer", MFA: true, Teams: []string{"information-governance"},
			Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}}
		highways := access.Principal{Kind: access.KindStaff, UserID: "hw-officer", MFA: true, Teams: []string{"highways"},
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
		person := "person:" + strconv.FormatInt(f.person, 10)
		entries := func(action, actor string) []audit.Entry {
			t.Helper()
			es, err := e.st.AuditEntries(ctx, audit.Filter{Action: action, Actor: actor})
			if err != nil {
				t.Fatal(err)
			}
			return es
		}

		if _, err := e.svc.Person(ctx, highways, f.person); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Search(ctx, highways, people.SearchQuery{Name: "Margaret Oyelaran"}); err != nil {
			t.Fatal(err)
		}
		if n := len(entries(people.AuditPersonView, "hw-officer")) + len(entries(people.AuditPersonSearch, "hw-officer")); n != 0 {
			t.Errorf("%d entries for views of OFFICIAL data only, want 0", n)
		}

		view, err := e.svc.Person(ctx, ig, f.person)
		if err != nil || view.Person.DateOfBirth != f.sensitiveDOB {
			t.Fatalf("IG officer's view = %+v, %v; want the applicant's data", view.Person, err)
		}
		got := entries(people.AuditPersonView, "ig-officer")
		if len(got) != 1 || got[0].Subject != person || !got[0].At.Equal(e.now) || !strings.Contains(string(got[0].Detail), f.sar) {
			t.Fatalf("person.view entries = %+v; want one: ig-officer saw %s at %v, naming %s", got, person, e.now, f.sar)
		}
		caseViews, _ := e.st.AuditEntries(ctx, audit.Filter{Action: "case.view", Subject: f.sar})
		if len(caseViews) != 1 || caseViews[0].Actor != "ig-officer" {
			t.Errorf("case.view entries for the request = %+v, want one by ig-officer", caseViews)
		}

		res, err := e.svc.Search(ctx, ig, people.SearchQuery{DateOfBirth: f.sensitiveDOB})
		if err != nil || len(res) != 1 {
			t.Fatalf("search = %+v, %v", res, err)
		}
		got = entries(people.AuditPersonSearch, "ig-officer")
		if len(got) != 1 || got[0].Subject != person || !strings.Contains(string(got[0].Detail), f.sar) {
			t.Errorf("person.search entries = %+v; want one for %s", got, person)
		}
	})
}
