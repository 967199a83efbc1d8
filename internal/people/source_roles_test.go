package people_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestImportedSourceRoles: with roles configured for council tax, its
// imported record shows in the single view only to holders of those roles;
// a case's own record still shows with its case.
func TestImportedSourceRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
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
