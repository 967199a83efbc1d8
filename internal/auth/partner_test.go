package auth_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/netip"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// The council's network in these tests, and an address outside it.
const (
	onNetwork  = "10.20.3.4"
	offNetwork = "198.51.100.7"
)

// partnerService is the fixture's service with partner domains and the
// council's trusted networks configured, over the same store and clock.
func partnerService(t *testing.T, f *fixture, domains ...string) *auth.Service {
	t.Helper()
	svc, err := auth.NewService(f.st, auth.Options{SecretKey: make([]byte, 32), Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PartnerDomains: domains,
		TrustedNetworks: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestPartnersSignIn: partner accounts only on approved domains; the first
// sign-in enrols a second factor; later, off the council's networks a
// partner gives it, on them the password signs them in; leaving the
// network, or losing the domain's approval, ends the session; an
// unapproved domain is refused even with the right password.
func TestPartnersSignIn(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ps := partnerService(t, f, "police.example")

		if _, _, err := ps.CreateUser(ctx, f.admin, auth.NewUser{Email: "pc@gmail.example", Name: "Pat Constable", Kind: access.KindPartner}); !errors.Is(err, fault.Invalid) ||
			fault.Public(err) != "Enter an email address on an approved partner domain (police.example)" {
			t.Errorf("partner on an unapproved domain: %v", err)
		}
		if _, _, err := ps.CreateUser(ctx, f.admin, auth.NewUser{Email: "pc@police.example", Name: "Pat Constable", Kind: access.KindPartner,
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}}); !errors.Is(err, fault.Invalid) {
			t.Errorf("partner with roles: %v", err)
		}
		_, secret, err := ps.CreateUser(ctx, f.admin, auth.NewUser{Email: "pc@police.example", Name: "Pat Constable", Kind: access.KindPartner})
		if err != nil {
			t.Fatal(err)
		}

		// First sign-in, even on the network: new password, then a second factor.
		tok, next, err := ps.SignIn(ctx, "pc@police.example", secret, onNetwork, "")
		if err != nil || next != auth.StepChangePassword {
			t.Fatalf("first sign-in: %v %v", next, err)
		}
		if next, err = ps.ChangePassword(ctx, tok, "", pw); err != nil || next != auth.StepEnrolTOTP {
			t.Fatalf("change password: %v %v", next, err)
		}
		en, err := ps.BeginTOTP(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := auth.TOTPCode(en.Key, auth.TOTPStep(f.clock.Now()))
		full, err := ps.ConfirmTOTP(ctx, tok, en.Sealed, code, onNetwork)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ps.PrincipalAt(ctx, full, offNetwork)
		if err != nil || p.Kind != access.KindPartner || !p.MFA || len(p.Grants) != 0 || p.OnTrustedNetwork {
			t.Fatalf("partner with a second factor, off the network: %+v %v", p, err)
		}

		// Off the network the password is not enough.
		f.clock.Add(time.Minute)
		pending, next, err := ps.SignIn(ctx, "pc@police.example", pw, offNetwork, "")
		if err != nil || next != auth.StepTOTP {
			t.Fatalf("off the network: %v %v, want the code step", next, err)
		}
		if _, err := ps.PrincipalAt(ctx, pending, offNetwork); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("off the network without a code: %v", err)
		}

		// On it, the password signs the partner in, without a second factor.
		onTok, next, err := ps.SignIn(ctx, "pc@police.example", pw, onNetwork, "")
		if err != nil || next != auth.StepDone {
			t.Fatalf("on the network: %v %v, want done", next, err)
		}
		if p, err := ps.PrincipalAt(ctx, onTok, onNetwork); err != nil || p.MFA || !p.OnTrustedNetwork {
			t.Errorf("on the network: %+v %v", p, err)
		}
		// The same session, carried off the network, is no session.
		if _, err := ps.PrincipalAt(ctx, onTok, offNetwork); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a session without a second factor used off the network: %v", err)
		}
		if _, err := ps.Principal(ctx, onTok); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a session without a second factor from an unknown address: %v", err)
		}

		// The council withdraws the domain: no sign-in, and the session ends.
		withdrawn := partnerService(t, f, "nhs.example")
		if _, _, err := withdrawn.SignIn(ctx, "pc@police.example", pw, onNetwork, ""); !errors.Is(err, auth.ErrPartnerDomain) {
			t.Errorf("sign-in from a withdrawn domain: %v", err)
		}
		if _, err := withdrawn.PrincipalAt(ctx, full, onNetwork); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("session from a withdrawn domain: %v", err)
		}
		if count(auditActions(t, f.st), "auth.sign_in_refused") != 1 {
			t.Errorf("the refusal is not audited once: %v", auditActions(t, f.st))
		}

		// Staff are unaffected by the network: the code step remains.
		f.newOfficer(t, "olu@example.gov.uk")
		if _, next, err := ps.SignIn(ctx, "olu@example.gov.uk", pw, onNetwork, ""); err != nil || next != auth.StepTOTP {
			t.Errorf("staff on the network: %v %v, want the code step", next, err)
		}
	})
}
