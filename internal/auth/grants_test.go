package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestGrantsNameRealRolesAndTeams: a grant with a role no service uses, or
// for a team that owns nothing and was never added, gives access to nothing
// and hides a typing slip; it is refused on every path that sets grants.
func TestGrantsNameRealRolesAndTeams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, err := auth.NewService(st, auth.Options{SecretKey: make([]byte, 32),
			Directory: func() auth.Directory {
				return auth.Directory{Teams: []string{"highways"}, Roles: []string{"officer", "inspector"}}
			}})
		if err != nil {
			t.Fatal(err)
		}
		admin := auth.Principal{Kind: auth.KindStaff, UserID: "admin", MFA: true, Grants: []auth.Grant{{Role: auth.RoleAdministrator, Team: "*"}}}
		if err := svc.PutTeam(ctx, admin, auth.Team{ID: "it-service-desk", Name: "IT service desk"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			grants string
			want   string // "" for accepted
		}{
			{"officer@highways, inspector@*, auditor@*", ""},
			{"team_leader@it-service-desk", ""},
			{"officer@highwys", `there is no team "highwys"`},
			{"oficer@highways", `no service uses the role "oficer"`},
		} {
			gs, err := auth.ParseGrants(tc.grants)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = svc.CreateUser(ctx, admin, auth.NewUser{Email: "p" + strings.ReplaceAll(tc.grants[:4], "@", "") + "@council.example", Name: "Pat", Grants: gs})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CreateUser(%s) = %v, want accepted", tc.grants, err)
			case tc.want != "" && (!errors.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("CreateUser(%s) = %v, want Invalid naming %s", tc.grants, err, tc.want)
			}
			if tc.want == "" {
				continue
			}
			if _, _, err := svc.IssueToken(ctx, admin, auth.TokenRequest{Name: "t", Grants: gs}); !errors.Is(err, fault.Invalid) {
				t.Errorf("IssueToken(%s) = %v, want Invalid", tc.grants, err)
			}
		}
		us, err := svc.Users(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if len(us) != 2 {
			t.Errorf("%d accounts stored, want only the 2 with real grants", len(us))
		}
		if err := svc.SetGrants(ctx, admin, us[0].ID, []auth.Grant{{Role: "officer", Team: "nowhere"}}); !errors.Is(err, fault.Invalid) {
			t.Errorf("SetGrants to an unknown team = %v, want Invalid", err)
		}
	})
}
