package auth_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"

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
		admin := access.Principal{Kind: access.KindStaff, UserID: "admin", MFA: true, Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
		if err := svc.PutTeam(ctx, admin, access.Team{ID: "it-service-desk", Name: "IT service desk"}); err != nil {
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
		if err := svc.SetGrants(ctx, admin, us[0].ID, []access.Grant{{Role: "officer", Team: "nowhere"}}); !errors.Is(err, fault.Invalid) {
			t.Errorf("SetGrants to an unknown team = %v, want Invalid", err)
		}
	})
}

// TestStaffingShowsUnstaffedServicesFirst: a service whose team has nobody
// holding one of its roles would collect cases no one can work; the
// administrator's overview puts it first, with its count of 0.
func TestStaffingShowsUnstaffedServicesFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, err := auth.NewService(st, auth.Options{SecretKey: make([]byte, 32),
			Directory: func() auth.Directory {
				return auth.Directory{Teams: []string{"highways", "licensing"}, Roles: []string{"officer"}, Services: []auth.ServiceStaffing{
					{ID: "pothole", Name: "Report a pothole", Team: "highways", Roles: []string{"officer"}},
					{ID: "taxi", Name: "Apply for a taxi licence", Team: "licensing", Roles: []string{"officer"}},
				}}
			}})
		if err != nil {
			t.Fatal(err)
		}
		admin := access.Principal{Kind: access.KindStaff, UserID: "admin", MFA: true, Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
		for i, g := range []access.Grant{{Role: "officer", Team: "highways"}, {Role: "officer", Team: "highways"}, {Role: access.RoleMember, Team: "licensing"}} {
			if _, _, err := svc.CreateUser(ctx, admin, auth.NewUser{Email: "o" + string(rune('a'+i)) + "@council.example", Name: "Officer", Grants: []access.Grant{g}}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := svc.Staffing(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, s := range got {
			lines = append(lines, s.ID+"="+strconv.Itoa(s.Officers))
		}
		if strings.Join(lines, " ") != "taxi=0 pothole=2" {
			t.Errorf("Staffing = %v, want taxi=0 pothole=2", lines)
		}
		if _, err := svc.Staffing(ctx, access.Principal{Kind: access.KindStaff, UserID: "x", MFA: true}); !errors.Is(err, fault.Forbidden) {
			t.Errorf("Staffing for a non-administrator = %v, want Forbidden", err)
		}
	})
}
