package scim_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// TestProviderCannotUndoAdministratorsDisable (a penetration test finding): an account an
// administrator disabled stays disabled whatever the identity provider
// sends (PATCH active true, a PUT of the whole user with active true, as
// Entra ID sends on every change), and the refusal is audited. An account
// the provider disabled, the provider may enable; an administrator may
// enable either.
func TestProviderCannotUndoAdministratorsDisable(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		admin := access.Principal{Kind: access.KindStaff, UserID: "admin-1", MFA: true, Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
		create := func(email string) string {
			status, u, _ := s.call(t, "POST", "/scim/v2/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+email+`","active":true}`, token)
			if status != 201 {
				t.Fatalf("create %s: %d %v", email, status, u)
			}
			return u["id"].(string)
		}
		enable := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]}`
		disable := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}`
		active := func(id string) bool {
			u, err := s.st.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return u.Active
		}

		suspended := create("suspended@council.gov.uk")
		if err := s.svc.Disable(ctx, admin, suspended); err != nil {
			t.Fatal(err)
		}
		status, u, _ := s.call(t, "PATCH", "/scim/v2/Users/"+suspended, enable, token)
		if status != 200 || u["active"] != false || active(suspended) {
			t.Errorf("PATCH active:true on an account an administrator disabled: %d %v; stored active=%v", status, u["active"], active(suspended))
		}
		status, u, _ = s.call(t, "PUT", "/scim/v2/Users/"+suspended, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
			"userName":"suspended@council.gov.uk","active":true,"displayName":"Renamed by Entra"}`, token)
		if status != 200 || u["active"] != false || active(suspended) || u["displayName"] != "Renamed by Entra" {
			t.Errorf("PUT active:true: %d %v; stored active=%v (other fields must still apply)", status, u, active(suspended))
		}
		if by, _ := s.svc.DisabledBy(ctx, suspended); by != auth.DisabledByAdministrator {
			t.Errorf("disabled by %q", by)
		}
		refused, err := s.st.AuditEntries(ctx, audit.Filter{Action: "auth.user_enable_refused", Subject: suspended})
		if err != nil || len(refused) != 2 {
			t.Errorf("refusals audited: %d %v", len(refused), err)
		}
		// A disable by the provider does not weaken the administrator's.
		s.call(t, "PATCH", "/scim/v2/Users/"+suspended, disable, token)
		if s.call(t, "PATCH", "/scim/v2/Users/"+suspended, enable, token); active(suspended) {
			t.Error("disable then enable by the provider re-enabled an administrator's disable")
		}
		if err := s.svc.Enable(ctx, admin, suspended); err != nil || !active(suspended) {
			t.Errorf("an administrator's enable: %v active=%v", err, active(suspended))
		}

		leaver := create("leaver@council.gov.uk")
		if status, u, _ := s.call(t, "PATCH", "/scim/v2/Users/"+leaver, disable, token); status != 200 || u["active"] != false || active(leaver) {
			t.Fatalf("provider's disable: %d %v", status, u)
		}
		if by, _ := s.svc.DisabledBy(ctx, leaver); by != auth.DisabledByProvisioning {
			t.Errorf("disabled by %q", by)
		}
		if status, u, _ := s.call(t, "PATCH", "/scim/v2/Users/"+leaver, enable, token); status != 200 || u["active"] != true || !active(leaver) {
			t.Errorf("the provider re-enabling its own disable: %d %v", status, u)
		}
		// An administrator's disable of an account the provider disabled takes it over.
		s.call(t, "PATCH", "/scim/v2/Users/"+leaver, disable, token)
		if err := s.svc.Disable(ctx, admin, leaver); err != nil {
			t.Fatal(err)
		}
		if s.call(t, "PATCH", "/scim/v2/Users/"+leaver, enable, token); active(leaver) {
			t.Error("after an administrator also disabled it, the provider re-enabled it")
		}
	})
}

// TestNamesRefuseBidiAndNUL (a penetration test finding): a staff name with a bidirectional
// override or a NUL is refused, from the identity provider (400, SCIM
// error) and from an administrator (fault.Invalid with a message).
func TestNamesRefuseBidiAndNUL(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
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
