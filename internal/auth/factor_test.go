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

// enrolKeepingSpare runs a first sign-in like signInFully, but asks for a
// set-up key twice and enrols with the first: the second, sealed, is what an
// attacker who saw an enrolment page (or was handed a key after the password
// step, before the fix) would hold.
func (f *fixture) enrolKeepingSpare(t *testing.T, email, secret string) (totpKey string, spare auth.TOTPEnrolment) {
	t.Helper()
	ctx := context.Background()
	tok, _, err := f.svc.SignIn(ctx, email, secret, "192.0.2.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ChangePassword(ctx, tok, "", pw); err != nil {
		t.Fatal(err)
	}
	en, err := f.svc.BeginTOTP(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if spare, err = f.svc.BeginTOTP(ctx, tok); err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(en.Key, auth.TOTPStep(f.clock.Now()))
	if _, err := f.svc.ConfirmTOTP(ctx, tok, en.Sealed, code, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	return en.Key, spare
}

// TestPasswordAloneCannotEnrolANewFactor is the second-factor bypass of
// A penetration test finding: after the password step, an account that has an authenticator
// must be given no new key, and a key obtained earlier must not replace the
// owner's or complete the sign-in — for an officer and for the administrator.
func TestPasswordAloneCannotEnrolANewFactor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// A second administrator, signed in by the first.
		_, adminSecret, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "root@example.gov.uk", Name: "Ada Admin",
			Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}})
		if err != nil {
			t.Fatal(err)
		}
		_, officerSecret, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "olu@example.gov.uk", Name: "Olu",
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, acct := range []struct{ email, secret string }{{"root@example.gov.uk", adminSecret}, {"olu@example.gov.uk", officerSecret}} {
			key, spare := f.enrolKeepingSpare(t, acct.email, acct.secret)
			before, _ := f.st.UserByEmail(ctx, acct.email)
			f.clock.Add(time.Minute)

			// The attacker knows the password only.
			pending, next, err := f.svc.SignIn(ctx, acct.email, pw, "203.0.113.5", "")
			if err != nil || next != auth.StepTOTP {
				t.Fatalf("%s: password step = %v, %v; want the code step", acct.email, next, err)
			}
			if en, err := f.svc.BeginTOTP(ctx, pending); !errors.Is(err, auth.ErrFactorExists) {
				t.Errorf("%s: BeginTOTP after the password alone = key %q, %v; want ErrFactorExists", acct.email, en.Key, err)
			}
			code, _ := auth.TOTPCode(spare.Key, auth.TOTPStep(f.clock.Now()))
			tok, err := f.svc.ConfirmTOTP(ctx, pending, spare.Sealed, code, "203.0.113.5")
			if !errors.Is(err, auth.ErrFactorExists) {
				t.Errorf("%s: ConfirmTOTP with an attacker's key = %v; want ErrFactorExists", acct.email, err)
			}
			if _, err := f.svc.Principal(ctx, tok); err == nil {
				t.Errorf("%s: the attacker's key gave a session", acct.email)
			}
			after, _ := f.st.UserByEmail(ctx, acct.email)
			if after.TOTPSecret != before.TOTPSecret {
				t.Errorf("%s: the owner's authenticator key was replaced", acct.email)
			}
			// The owner's own code still signs in.
			code, _ = auth.TOTPCode(key, auth.TOTPStep(f.clock.Now()))
			if _, err := f.svc.VerifyCode(ctx, pending, code, "192.0.2.1"); err != nil {
				t.Errorf("%s: owner's code after the attempt: %v", acct.email, err)
			}
		}
		if n := count(auditActions(t, f.st), "auth.enrolment_refused"); n != 2 {
			t.Errorf("%d auth.enrolment_refused audit entries, want 2", n)
		}
	})
}

// An account with a passkey but no authenticator app has a factor too.
func TestPasskeyCountsAsAFactor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.svc.EnablePasskeys(f.st, "https://services.example.gov.uk", "Guildhall"); err != nil {
			t.Fatal(err)
		}
		u, secret, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "pat@example.gov.uk", Name: "Pat"})
		if err != nil {
			t.Fatal(err)
		}
		now := f.clock.Now()
		if err := f.st.CreatePasskey(ctx, auth.Passkey{ID: "c1", UserID: u.ID, Name: "Phone", Credential: []byte(`{}`), CreatedAt: now, LastUsedAt: now}); err != nil {
			t.Fatal(err)
		}
		tok, _, err := f.svc.SignIn(ctx, "pat@example.gov.uk", secret, "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ChangePassword(ctx, tok, "", pw); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.BeginTOTP(ctx, tok); !errors.Is(err, auth.ErrFactorExists) {
			t.Errorf("BeginTOTP with a passkey = %v, want ErrFactorExists", err)
		}
	})
}

// TestFactorChangeNeedsRecentProof: adding a passkey needs a second-factor
// proof from the last ten minutes; a code re-verifies (once), the
// administrator cannot reset their own second factor, and after another
// administrator's reset the person enrols afresh.
func TestFactorChangeNeedsRecentProof(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.svc.EnablePasskeys(f.st, "https://services.example.gov.uk", "Guildhall"); err != nil {
			t.Fatal(err)
		}
		u, tok, key := f.newOfficer(t, "kim@example.gov.uk")
		if _, _, err := f.svc.BeginPasskeyRegistration(ctx, tok); err != nil {
			t.Fatalf("just after sign-in: %v", err)
		}
		f.clock.Add(11 * time.Minute)
		if _, _, err := f.svc.BeginPasskeyRegistration(ctx, tok); !errors.Is(err, auth.ErrReverify) {
			t.Fatalf("11 minutes after sign-in: %v, want ErrReverify", err)
		}
		if f.svc.RecentlyVerified(ctx, tok) {
			t.Error("RecentlyVerified after 11 minutes")
		}
		code, _ := auth.TOTPCode(key, auth.TOTPStep(f.clock.Now()))
		fresh, err := f.svc.VerifyCode(ctx, tok, code, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Principal(ctx, tok); !errors.Is(err, fault.Unauthenticated) {
			t.Errorf("re-verification did not rotate the session: %v", err)
		}
		if _, _, err := f.svc.BeginPasskeyRegistration(ctx, fresh); err != nil {
			t.Errorf("after re-verifying: %v", err)
		}
		if _, err := f.svc.VerifyCode(ctx, fresh, code, "192.0.2.1"); !errors.Is(err, auth.ErrBadCode) {
			t.Errorf("the same code re-verified twice: %v", err)
		}
		if count(auditActions(t, f.st), "auth.reverified") != 1 {
			t.Error("no auth.reverified audit entry")
		}

		if _, err := f.svc.ResetPassword(ctx, f.admin, f.admin.UserID, true); !errors.Is(err, fault.Forbidden) {
			t.Errorf("administrator reset their own second factor: %v", err)
		}
		secret, err := f.svc.ResetPassword(ctx, f.admin, u.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.st.UserByID(ctx, u.ID)
		if got.TOTPSecret != "" {
			t.Fatal("reset of the second factor kept the key")
		}
		f.signInFully(t, "kim@example.gov.uk", secret, "Another-long-password-2")
	})
}
