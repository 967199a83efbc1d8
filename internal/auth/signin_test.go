package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

const pw = "Correct-horse-battery-9"

// newOfficer creates and fully signs in an officer, returning the token and TOTP key.
func (f *fixture) newOfficer(t *testing.T, email string) (auth.User, string, string) {
	t.Helper()
	u, secret, err := f.svc.CreateUser(context.Background(), f.admin, auth.NewUser{Email: email, Name: "Olu Officer",
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}})
	if err != nil {
		t.Fatal(err)
	}
	tok, key := f.signInFully(t, email, secret, pw)
	return u, tok, key
}

func TestSignInSecondFactorAndRotation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u, tok, key := f.newOfficer(t, "olu@example.gov.uk")
		p, err := f.svc.Principal(ctx, tok)
		if err != nil || p.UserID != u.ID || !p.MFA || p.Kind != access.KindStaff || !p.HasRole("officer", "highways") || !p.InTeam("highways") {
			t.Fatalf("principal = %+v, %v", p, err)
		}
		// A second sign-in: email in another case, password, then a code.
		f.clock.Add(time.Minute)
		pending, next, err := f.svc.SignIn(ctx, "OLU@example.gov.uk", pw, "192.0.2.9", tok)
		if err != nil || next != auth.StepTOTP {
			t.Fatalf("SignIn: %v %v", next, err)
		}
		if _, err := f.svc.Principal(ctx, tok); err == nil {
			t.Error("signing in again did not end the old session")
		}
		code, _ := auth.TOTPCode(key, auth.TOTPStep(f.clock.Now()))
		if _, err := f.svc.VerifyCode(ctx, pending, "000000", "192.0.2.9"); !errors.Is(err, auth.ErrBadCode) && code != "000000" {
			t.Errorf("wrong code: %v", err)
		}
		full, err := f.svc.VerifyCode(ctx, pending, code, "192.0.2.9")
		if err != nil {
			t.Fatalf("VerifyCode: %v", err)
		}
		// The same code cannot be used again, even in a new sign-in.
		again, _, _ := f.svc.SignIn(ctx, "olu@example.gov.uk", pw, "192.0.2.9", "")
		if _, err := f.svc.VerifyCode(ctx, again, code, "192.0.2.9"); !errors.Is(err, auth.ErrBadCode) {
			t.Errorf("replayed code accepted: %v", err)
		}
		if _, err := f.svc.Principal(ctx, full); err != nil {
			t.Errorf("complete session refused: %v", err)
		}
		if err := f.svc.SignOut(ctx, full); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Principal(ctx, full); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("signed-out session still works: %v", err)
		}
		acts := auditActions(t, f.st)
		for _, want := range []string{"auth.bootstrap", "auth.user_created", "auth.sign_in", "auth.sign_in_failed", "auth.sign_out", "auth.totp_enrolled"} {
			if count(acts, want) == 0 {
				t.Errorf("no %s in the audit log: %v", want, acts)
			}
		}
	})
}

func TestLockoutAndThrottle(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.newOfficer(t, "lee@example.gov.uk")
		for i := 0; i < 5; i++ {
			if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", "wrong password!", "198.51.100.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", pw, "198.51.100.2", ""); !errors.Is(err, auth.ErrLocked) {
			t.Fatalf("right password during lockout: %v, want ErrLocked", err)
		}
		f.clock.Add(15*time.Minute + time.Second)
		if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", pw, "198.51.100.2", ""); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		// One address spraying many accounts is throttled (20 failures).
		for i := 0; i < 20; i++ {
			f.svc.SignIn(ctx, "nobody"+string(rune('a'+i))+"@example.gov.uk", "x", "203.0.113.7", "")
		}
		if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", pw, "203.0.113.7", ""); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("throttled address let through: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", pw, "203.0.113.8", ""); err != nil {
			t.Errorf("another address refused: %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, tok, _ := f.newOfficer(t, "ida@example.gov.uk")
		// Used every 29 minutes, the session lives until its 12-hour limit.
		for i := 0; i < 24; i++ {
			f.clock.Add(29 * time.Minute)
			if _, err := f.svc.Principal(ctx, tok); err != nil {
				t.Fatalf("after %d×29 minutes: %v", i+1, err)
			}
		}
		f.clock.Add(29 * time.Minute) // 12h01m since sign-in
		if _, err := f.svc.Principal(ctx, tok); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("session past its absolute limit: %v", err)
		}
		_, tok2, _ := f.newOfficer(t, "ida2@example.gov.uk")
		f.clock.Add(30 * time.Minute)
		if _, err := f.svc.Principal(ctx, tok2); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("session idle 30 minutes: %v", err)
		}
	})
}

func TestAdministration(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u, tok, _ := f.newOfficer(t, "mo@example.gov.uk")
		officer, _ := f.svc.Principal(ctx, tok)
		if _, _, err := f.svc.CreateUser(ctx, officer, auth.NewUser{Email: "x@example.gov.uk", Name: "X"}); !errors.Is(err, fault.Forbidden) {
			t.Errorf("officer created an account: %v", err)
		}
		if _, _, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "MO@example.gov.uk", Name: "Dup"}); !errors.Is(err, fault.Conflict) {
			t.Errorf("duplicate email (other case): %v", err)
		}
		grants := []access.Grant{{Role: "team_leader", Team: "highways"}, {Role: "officer", Team: "waste"}}
		if err := f.svc.SetGrants(ctx, f.admin, u.ID, grants); err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.Principal(ctx, tok)
		if err != nil || !p.HasRole("team_leader", "highways") || p.HasRole("officer", "highways") || !p.InTeam("waste") {
			t.Errorf("grants not applied to the live session: %+v %v", p, err)
		}
		secret, err := f.svc.ResetPassword(ctx, f.admin, u.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Principal(ctx, tok); err == nil {
			t.Error("password reset left the session alive")
		}
		if _, next, err := f.svc.SignIn(ctx, "mo@example.gov.uk", secret, "192.0.2.1", ""); err != nil || next != auth.StepChangePassword {
			t.Errorf("sign in with reset secret: %v %v", next, err)
		}
		if _, _, err := f.svc.SignIn(ctx, "mo@example.gov.uk", pw, "192.0.2.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("old password still works: %v", err)
		}
		// Disable ends a fresh session at once.
		u2, tok2, _ := f.newOfficer(t, "leaver@example.gov.uk")
		if err := f.svc.Disable(ctx, f.admin, u2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Principal(ctx, tok2); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("disabled account's session: %v", err)
		}
		if _, _, err := f.svc.SignIn(ctx, "leaver@example.gov.uk", pw, "192.0.2.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("disabled account signed in: %v", err)
		}
		if err := f.svc.Disable(ctx, f.admin, f.admin.UserID); !errors.Is(err, fault.Invalid) {
			t.Errorf("administrator disabled themself: %v", err)
		}
		acts := auditActions(t, f.st)
		for want, n := range map[string]int{"auth.grant": 2, "auth.revoke": 1, "auth.password_reset": 1, "auth.user_disabled": 1} {
			if got := count(acts, want); got != n {
				t.Errorf("%d %s entries, want %d", got, want, n)
			}
		}
	})
}

func TestTokens(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		secret, tk, err := f.svc.IssueToken(ctx, f.admin, auth.TokenRequest{Name: "Highways app", Services: []string{"pothole"},
			Write: true, Grants: []access.Grant{{Role: "officer", Team: "highways"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) < 40 || secret[:3] != "gh_" {
			t.Fatalf("secret %q", secret)
		}
		p, err := f.svc.TokenPrincipal(ctx, secret)
		if err != nil || p.Kind != access.KindAPIClient || !p.Write || !p.MFA || len(p.Services) != 1 || !p.InTeam("highways") {
			t.Fatalf("TokenPrincipal = %+v, %v", p, err)
		}
		for _, bad := range []string{"", "gh_", secret + "x", "Bearer " + secret, secret[3:]} {
			if _, err := f.svc.TokenPrincipal(ctx, bad); !errors.Is(err, fault.Unauthenticated) {
				t.Errorf("TokenPrincipal(%q) = %v", bad, err)
			}
		}
		if err := f.svc.RevokeToken(ctx, f.admin, tk.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TokenPrincipal(ctx, secret); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("revoked token works: %v", err)
		}
		ts, err := f.svc.Tokens(ctx, f.admin)
		if err != nil || len(ts) != 1 || !ts[0].Revoked() || ts[0].Hash == secret {
			t.Errorf("Tokens = %+v, %v", ts, err)
		}
	})
}

func TestGroupsMapToGrants(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u, tok, _ := f.newOfficer(t, "gia@example.gov.uk")
		if err := f.svc.SetGrants(ctx, f.admin, u.ID, nil); err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()
		for _, g := range []auth.Group{
			{ID: "g1", DisplayName: "Highways Officers", Members: []string{u.ID}, CreatedAt: now, UpdatedAt: now},
			{ID: "g2", DisplayName: "waste", Members: []string{u.ID, "no-such-user"}, CreatedAt: now, UpdatedAt: now},
		} {
			if err := f.st.CreateGroup(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
		// TeamMap is keyed "Waste"; names match case-insensitively.
		p, err := f.svc.Principal(ctx, tok)
		if err != nil || !p.HasRole("officer", "highways") || !p.HasRole(access.RoleMember, "waste") || len(p.Teams) != 2 {
			t.Errorf("principal from groups = %+v, %v", p, err)
		}
	})
}

func TestResetSecondFactorRemovesPasskeys(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.svc.EnablePasskeys(f.st, "https://services.example.gov.uk", "Guildhall"); err != nil {
			t.Fatal(err)
		}
		u, _, _ := f.newOfficer(t, "pat@example.gov.uk")
		now := f.clock.Now()
		if err := f.st.CreatePasskey(ctx, auth.Passkey{ID: "c1", UserID: u.ID, Name: "Phone", Credential: []byte(`{}`), CreatedAt: now, LastUsedAt: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ResetPassword(ctx, f.admin, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if ks, _ := f.st.Passkeys(ctx, u.ID); len(ks) != 1 {
			t.Errorf("a password-only reset removed passkeys: %v", ks)
		}
		if _, err := f.svc.ResetPassword(ctx, f.admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := f.st.UserByID(ctx, u.ID)
		if ks, _ := f.st.Passkeys(ctx, u.ID); len(ks) != 0 || got.TOTPSecret != "" {
			t.Errorf("after a second-factor reset: passkeys %v, TOTP key kept %v", ks, got.TOTPSecret != "")
		}
	})
}
