package scim_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestNamesRefuseBidiAndNUL (a penetration test finding): a staff name with a bidirectional
// override or a NUL is refused, from the identity provider (400, SCIM
// error) and from an administrator (fault.Invalid with a message).
func TestNamesRefuseBidiAndNUL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		for _, name := range []string{`Jane \u202eeoD`, `Jane\u0000Doe`} {
			status, out, _ := s.call(t, "POST", "/scim/v2/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				"userName":"jane@council.gov.uk","displayName":"`+name+`","active":true}`, token)
			if status != 400 || !strings.Contains(out["detail"].(string), "must not include") {
				t.Errorf("SCIM displayName %s: %d %v", name, status, out)
			}
		}
		admin := access.Principal{Kind: access.KindStaff, UserID: "admin-1", MFA: true, Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
		_, _, err := s.svc.CreateUser(context.Background(), admin, auth.NewUser{Email: "j@council.gov.uk", Name: "Jane \u202EeoD"})
		if !errors.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "change the direction of text") {
			t.Errorf("an administrator creating a name with an override: %v", err)
		}
	})
}
