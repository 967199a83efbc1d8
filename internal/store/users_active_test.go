package store_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// TestEnableOnlyByTheAuthorityThatDisabled: the store enforces who may
// enable an account in the same statement that enables it.
func TestEnableOnlyByTheAuthorityThatDisabled(t *testing.T) {
	eachWithUser(t, "one@council.gov.uk", func(t *testing.T, ctx context.Context, s *store.Store) {
		check := func(step string, wantActive bool, wantBy string) {
			t.Helper()
			u, err := s.UserByID(ctx, "u1")
			by, err2 := s.DisabledBy(ctx, "u1")
			if err != nil || err2 != nil || u.Active != wantActive || by != wantBy {
				t.Errorf("%s: active=%v by=%q (%v %v), want %v %q", step, u.Active, by, err, err2, wantActive, wantBy)
			}
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.DisableUserBy(ctx, "u1", auth.DisabledByAdministrator))
		check("administrator disabled", false, auth.DisabledByAdministrator)
		must(s.DisableUserBy(ctx, "u1", auth.DisabledByProvisioning))
		check("provider disabled too", false, auth.DisabledByAdministrator)
		if ok, err := s.EnableUserBy(ctx, "u1", auth.DisabledByProvisioning); ok || err != nil {
			t.Errorf("provider enabled an administrator's disable: %v %v", ok, err)
		}
		check("provider's enable refused", false, auth.DisabledByAdministrator)
		if ok, err := s.EnableUserBy(ctx, "u1", auth.DisabledByAdministrator); !ok || err != nil {
			t.Errorf("administrator's enable: %v %v", ok, err)
		}
		check("administrator enabled", true, "")
		must(s.DisableUserBy(ctx, "u1", auth.DisabledByProvisioning))
		check("provider disabled", false, auth.DisabledByProvisioning)
		if ok, err := s.EnableUserBy(ctx, "u1", auth.DisabledByProvisioning); !ok || err != nil {
			t.Errorf("provider's enable of its own disable: %v %v", ok, err)
		}
		check("provider enabled", true, "")
		if _, err := s.EnableUserBy(ctx, "nobody", auth.DisabledByAdministrator); err == nil {
			t.Error("enabling an unknown account: no error")
		}
	})
}
