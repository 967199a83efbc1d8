package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// atOnce runs fn(i) for i in [0, n) from n goroutines released together and
// returns the errors in order.
func atOnce(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// kinds counts errors by the sentinel they match.
func kinds(errs []error, sentinels ...error) map[error]int {
	m := map[error]int{}
	for _, err := range errs {
		k := err
		for _, s := range sentinels {
			if errors.Is(err, s) {
				k = s
			}
		}
		m[k]++
	}
	return m
}

// TestParallelWrongPasswordsCountEach: twelve wrong passwords at once leave
// exactly what twelve in a row leave: a count of 12, the account locked, and
// the answers five "wrong password" (the fifth locks) and seven "locked".
func TestParallelWrongPasswordsCountEach(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u, _, _ := f.newOfficer(t, "lee@example.gov.uk")
		errs := atOnce(12, func(int) error {
			_, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", "wrong password!", "198.51.100.1", "")
			return err
		})
		got := kinds(errs, auth.ErrBadCredentials, auth.ErrLocked)
		if got[auth.ErrBadCredentials] != 5 || got[auth.ErrLocked] != 7 || len(got) != 2 {
			t.Errorf("answers %v, want 5 ErrBadCredentials and 7 ErrLocked", got)
		}
		after, _ := f.st.UserByID(ctx, u.ID)
		if after.FailedAttempts != 12 || !after.LockedUntil.Equal(f.clock.Now().Add(15*time.Minute)) {
			t.Errorf("after 12 parallel failures: count %d, locked until %v; want 12 and now+15m", after.FailedAttempts, after.LockedUntil)
		}
		if _, _, err := f.svc.SignIn(ctx, "lee@example.gov.uk", pw, "198.51.100.2", ""); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("right password while locked: %v", err)
		}
	})
}

// TestKnownPasswordDoesNotClearFailures: someone with the password but not
// the authenticator cannot reset the count by signing in again; wrong codes
// count and lock. Only a complete sign-in clears the count.
func TestKnownPasswordDoesNotClearFailures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u, _, key := f.newOfficer(t, "ann@example.gov.uk")
		failures := func() int {
			got, _ := f.st.UserByID(ctx, u.ID)
			return got.FailedAttempts
		}
		for i := range 2 {
			if _, _, err := f.svc.SignIn(ctx, "ann@example.gov.uk", "wrong password!", "198.51.100.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("wrong password %d: %v", i, err)
			}
		}
		var pending string
		for i := range 3 {
			tok, next, err := f.svc.SignIn(ctx, "ann@example.gov.uk", pw, "198.51.100.1", "")
			if err != nil || next != auth.StepTOTP {
				t.Fatalf("password: %v %v", next, err)
			}
			if n := failures(); n != 2+i {
				t.Fatalf("after the right password: %d failures, want %d (not cleared)", n, 2+i)
			}
			// The fifth failure locks; its own answer is still "wrong code".
			if _, err := f.svc.VerifyCode(ctx, tok, "000000", "198.51.100.1"); !errors.Is(err, auth.ErrBadCode) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
			pending = tok
		}
		if n := failures(); n != 5 {
			t.Fatalf("%d failures, want 5", n)
		}
		code, _ := auth.TOTPCode(key, auth.TOTPStep(f.clock.Now())+1)
		if _, err := f.svc.VerifyCode(ctx, pending, code, "198.51.100.1"); !errors.Is(err, auth.ErrLocked) {
			t.Fatalf("right code while locked: %v, want ErrLocked", err)
		}
		f.clock.Add(15*time.Minute + time.Second)
		tok, _, err := f.svc.SignIn(ctx, "ann@example.gov.uk", pw, "198.51.100.3", "")
		if err != nil {
			t.Fatal(err)
		}
		code, _ = auth.TOTPCode(key, auth.TOTPStep(f.clock.Now()))
		if _, err := f.svc.VerifyCode(ctx, tok, code, "198.51.100.3"); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		if n := failures(); n != 0 {
			t.Errorf("a complete sign-in left %d failures", n)
		}
	})
}

// TestParallelCodeAcceptedOnce: one TOTP code sent at the same moment from
// eight sessions that passed the password step completes exactly one.
func TestParallelCodeAcceptedOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, _, key := f.newOfficer(t, "cal@example.gov.uk")
		f.clock.Add(time.Minute)
		var pending []string
		for range 8 {
			tok, _, err := f.svc.SignIn(ctx, "cal@example.gov.uk", pw, "198.51.100.1", "")
			if err != nil {
				t.Fatal(err)
			}
			pending = append(pending, tok)
		}
		code, _ := auth.TOTPCode(key, auth.TOTPStep(f.clock.Now()))
		tokens := make([]string, 8)
		errs := atOnce(8, func(i int) error {
			var err error
			tokens[i], err = f.svc.VerifyCode(ctx, pending[i], code, "198.51.100.1")
			return err
		})
		got := kinds(errs, auth.ErrBadCode, auth.ErrLocked)
		if got[nil] != 1 || got[auth.ErrBadCode]+got[auth.ErrLocked] != 7 {
			t.Errorf("one code from 8 sessions: %v, want exactly 1 accepted", got)
		}
		live := 0
		for _, tok := range tokens {
			if _, err := f.svc.Principal(ctx, tok); err == nil {
				live++
			}
		}
		if live != 1 {
			t.Errorf("%d complete sessions, want 1", live)
		}
	})
}

// TestOneTimeSecretSingleUseAndExpiry: a one-time secret sent by eight
// sign-ins at once starts one session; an unused one stops working after
// its lifetime (72 hours by default), the first administrator's included.
func TestOneTimeSecretSingleUseAndExpiry(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, secret, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "new@example.gov.uk", Name: "New Starter"})
		if err != nil {
			t.Fatal(err)
		}
		tokens := make([]string, 8)
		errs := atOnce(8, func(i int) error {
			var err error
			tokens[i], _, err = f.svc.SignIn(ctx, "new@example.gov.uk", secret, "198.51.100.1", "")
			return err
		})
		got := kinds(errs, auth.ErrBadCredentials, auth.ErrLocked)
		if got[nil] != 1 || got[auth.ErrBadCredentials]+got[auth.ErrLocked] != 7 {
			t.Errorf("one secret from 8 sign-ins at once: %v, want exactly 1 session", got)
		}
		if _, _, err := f.svc.SignIn(ctx, "new@example.gov.uk", secret, "198.51.100.2", ""); err == nil {
			t.Error("the secret worked again afterwards")
		}

		// Expiry: a reset's secret 1 second short of 72 hours works, one at 72 hours does not.
		u2, _, err := f.svc.CreateUser(ctx, f.admin, auth.NewUser{Email: "late@example.gov.uk", Name: "Late Starter"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			wait time.Duration
			want error
		}{{72*time.Hour - time.Second, nil}, {72 * time.Hour, auth.ErrSecretExpired}} {
			secret, err := f.svc.ResetPassword(ctx, f.admin, u2.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			f.clock.Add(tc.wait)
			if _, _, err := f.svc.SignIn(ctx, "late@example.gov.uk", secret, "198.51.100.3", ""); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("secret used after %v: %v, want %v", tc.wait, err, tc.want)
			}
			f.clock.Add(-tc.wait)
		}
	})
}

// The first administrator's console secret expires too, after SecretTTL.
func TestBootstrapSecretExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c := platformtest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		svc, err := auth.NewService(st, auth.Options{SecretKey: make([]byte, 32), Now: c.Now, SecretTTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		email, secret, expires, created, err := svc.Bootstrap(ctx)
		if err != nil || !created || !expires.Equal(c.Now().Add(time.Hour)) {
			t.Fatalf("Bootstrap = %v %v %v", expires, created, err)
		}
		c.Add(time.Hour)
		if _, _, err := svc.SignIn(ctx, email, secret, "192.0.2.1", ""); !errors.Is(err, auth.ErrSecretExpired) {
			t.Errorf("console secret after its hour: %v, want ErrSecretExpired", err)
		}
	})
}
