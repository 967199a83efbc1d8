package people_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestSingleViewAuditsApplicantData: showing a subject access applicant's
// data (from the OFFICIAL-SENSITIVE request) on the person page or in a
// search result writes who saw whose data and when; a view that shows only
// OFFICIAL data writes nothing.
func TestSingleViewAuditsApplicantData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		f := newSingleView(t, e)
		ctx := context.Background()
		ig := access.Principal{Kind: access.KindStaff, UserID: "ig-officer", MFA: true, Teams: []string{"information-governance"},
			Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}}
		highways := access.Principal{Kind: access.KindStaff, UserID: "hw-officer", MFA: true, Teams: []string{"highways"},
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
		person := "person:" + strconv.FormatInt(f.person, 10)
		entries := func(action, actor string) []audit.Entry {
			t.Helper()
			es, err := st.AuditEntries(ctx, audit.Filter{Action: action, Actor: actor})
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
		caseViews, _ := st.AuditEntries(ctx, audit.Filter{Action: "case.view", Subject: f.sar})
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
