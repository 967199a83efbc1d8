package auth_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is an identity service over a real store, with a bootstrapped
// administrator who has signed in with MFA.
type fixture struct {
	svc   *auth.Service
	st    *store.Store
	clock *platformtest.Clock
	admin access.Principal
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	c := platformtest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	svc, err := auth.NewService(st, auth.Options{SecretKey: make([]byte, 32), Now: c.Now,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		GroupMap: map[string][]access.Grant{"Highways Officers": {{Role: "officer", Team: "highways"}}},
		TeamMap:  map[string]string{"Waste": "waste"}})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, st: st, clock: c}
	email, secret, created, err := auth.Bootstrap(context.Background(), st)
	if err != nil || !created {
		t.Fatalf("Bootstrap: %v %v", created, err)
	}
	tok, _ := f.signInFully(t, email, secret, "A-very-long-password-1")
	if f.admin, err = svc.Principal(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return f
}

// each runs fn on a fixture over SQLite and over PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newFixture(t, st)) })
}

// signInFully runs the whole first sign-in: one-time secret, new password,
// TOTP enrolment. It returns the complete session's token and the TOTP key.
func (f *fixture) signInFully(t *testing.T, email, secret, password string) (string, string) {
	t.Helper()
	ctx := context.Background()
	tok, next, err := f.svc.SignIn(ctx, email, secret, "192.0.2.1", "")
	if err != nil || next != auth.StepChangePassword {
		t.Fatalf("SignIn with one-time secret: %v %v", next, err)
	}
	if _, err := f.svc.Principal(ctx, tok); !errors.Is(err, fault.Unauthenticated) {
		t.Fatalf("a pending session must not be a principal: %v", err)
	}
	if next, err = f.svc.ChangePassword(ctx, tok, "", password); err != nil || next != auth.StepEnrolTOTP {
		t.Fatalf("ChangePassword: %v %v", next, err)
	}
	en, err := f.svc.BeginTOTP(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(en.Key, auth.TOTPStep(f.clock.Now()))
	full, err := f.svc.ConfirmTOTP(ctx, tok, en.Sealed, code, "192.0.2.1")
	if err != nil {
		t.Fatalf("ConfirmTOTP: %v", err)
	}
	if full == tok {
		t.Fatal("session token not rotated at MFA")
	}
	if _, err := f.svc.Principal(ctx, tok); err == nil {
		t.Fatal("the pre-MFA token still works after rotation (session fixation)")
	}
	return full, en.Key
}

// auditActions lists the actions in the audit log, in order.
func auditActions(t *testing.T, st *store.Store) []string {
	t.Helper()
	es, err := st.AuditEntries(context.Background(), audit.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}
