package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// atOnce runs fn(i) for i in [0, n) from n goroutines released together.
func atOnce(n int, fn func(i int)) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

func signInUser(t *testing.T, s *store.Store) auth.User {
	t.Helper()
	u := newUser("u1", "u1@x.y")
	u.FailedAttempts, u.LockedUntil, u.TOTPLastStep = 0, time.Time{}, 100
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestRecordFailureAtOnce: twelve failures counted at the same moment give
// the counts 1 to 12, each once, and lock the account from the fifth.
func TestRecordFailureAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		signInUser(t, s)
		counts := make([]int, 12)
		atOnce(12, func(i int) {
			n, _, err := s.RecordFailure(ctx, "u1", t0, 5, 15*time.Minute)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
		seen := map[int]bool{}
		for _, n := range counts {
			seen[n] = true
		}
		got, _ := s.UserByID(ctx, "u1")
		if len(seen) != 12 || !seen[1] || !seen[12] || got.FailedAttempts != 12 || !got.LockedUntil.Equal(t0.Add(15*time.Minute)) {
			t.Errorf("counts %v, stored %d locked until %v; want 1..12 once each, 12, t0+15m", counts, got.FailedAttempts, got.LockedUntil)
		}
		// Attempts while locked do not extend it; the first after it ends counts from 1.
		if n, until, _ := s.RecordFailure(ctx, "u1", t0.Add(time.Minute), 5, 15*time.Minute); n != 13 || !until.Equal(t0.Add(15*time.Minute)) {
			t.Errorf("during the lock: %d, %v", n, until)
		}
		if n, until, _ := s.RecordFailure(ctx, "u1", t0.Add(16*time.Minute), 5, 15*time.Minute); n != 1 || !until.IsZero() {
			t.Errorf("after the lock: %d, %v; want 1 and unlocked", n, until)
		}
	})
}

// TestFinishSignInUsesAStepOnce: eight sessions finishing with the same TOTP
// step at once: one succeeds, seven are ErrBadCode, and only the winner's
// new session exists.
func TestFinishSignInUsesAStepOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := signInUser(t, s)
		for i := range 8 {
			if err := s.CreateSession(ctx, auth.Session{Hash: fmt.Sprintf("old%d", i), UserID: u.ID, Method: "password", CreatedAt: t0, LastSeen: t0}); err != nil {
				t.Fatal(err)
			}
		}
		errs := make([]error, 8)
		atOnce(8, func(i int) {
			errs[i] = s.FinishSignIn(ctx, auth.Completion{UserID: u.ID, At: t0.Add(time.Hour), TOTPKey: u.TOTPSecret, TOTPStep: 101,
				Old: fmt.Sprintf("old%d", i), Session: auth.Session{Hash: fmt.Sprintf("new%d", i), UserID: u.ID, Complete: true, MFA: true,
					Method: "password", CreatedAt: t0, LastSeen: t0, VerifiedAt: t0}})
		})
		ok, used := 0, 0
		for i, err := range errs {
			_, serr := s.SessionByHash(ctx, fmt.Sprintf("new%d", i))
			switch {
			case err == nil && serr == nil:
				ok++
			case errors.Is(err, auth.ErrBadCode) && serr != nil:
				used++
			default:
				t.Errorf("finish %d: %v (session: %v)", i, err, serr)
			}
		}
		if ok != 1 || used != 7 {
			t.Errorf("%d finished, %d refused; want 1 and 7", ok, used)
		}
		// A step at or before the last used one, or for a replaced key, is refused.
		for _, c := range []auth.Completion{{TOTPKey: u.TOTPSecret, TOTPStep: 101}, {TOTPKey: "v1:other", TOTPStep: 102}} {
			c.UserID, c.At, c.Session = u.ID, t0.Add(time.Hour), auth.Session{Hash: "x", UserID: u.ID, CreatedAt: t0, LastSeen: t0}
			if err := s.FinishSignIn(ctx, c); !errors.Is(err, auth.ErrBadCode) {
				t.Errorf("FinishSignIn(step %d, key %s) = %v, want ErrBadCode", c.TOTPStep, c.TOTPKey, err)
			}
		}
		// Enrolment is refused while a key exists.
		err := s.FinishSignIn(ctx, auth.Completion{UserID: u.ID, At: t0.Add(time.Hour), Enrol: true, TOTPKey: "v1:attacker", TOTPStep: 1,
			Session: auth.Session{Hash: "y", UserID: u.ID, CreatedAt: t0, LastSeen: t0}})
		if !errors.Is(err, auth.ErrFactorExists) {
			t.Errorf("enrolment over an existing key: %v", err)
		}
		// A locked account finishes nothing.
		if _, _, err := s.RecordFailure(ctx, u.ID, t0.Add(time.Hour), 1, time.Minute); err != nil {
			t.Fatal(err)
		}
		err = s.FinishSignIn(ctx, auth.Completion{UserID: u.ID, At: t0.Add(time.Hour), Session: auth.Session{Hash: "z", UserID: u.ID, CreatedAt: t0, LastSeen: t0}})
		if !errors.Is(err, auth.ErrLocked) {
			t.Errorf("finish while locked: %v", err)
		}
	})
}

// TestClaimOneTimeSecretOnce: eight claims of one secret at once: one wins;
// an expired secret cannot be claimed.
func TestClaimOneTimeSecretOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser("u1", "u1@x.y")
		u.MustChangePassword, u.SecretExpiresAt = true, t0.Add(72*time.Hour)
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 8)
		atOnce(8, func(i int) { errs[i] = s.ClaimOneTimeSecret(ctx, u.ID, u.PasswordHash, t0) })
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else if !errors.Is(err, auth.ErrSecretUsed) {
				t.Errorf("claim: %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d claims won, want 1", won)
		}
		v := newUser("u2", "u2@x.y")
		v.ExternalID, v.MustChangePassword, v.SecretExpiresAt = "", true, t0.Add(time.Hour)
		if err := s.CreateUser(ctx, v); err != nil {
			t.Fatal(err)
		}
		if err := s.ClaimOneTimeSecret(ctx, v.ID, v.PasswordHash, t0.Add(time.Hour)); !errors.Is(err, auth.ErrSecretUsed) {
			t.Errorf("claim at expiry: %v", err)
		}
	})
}

// TestIdempotencyKeyAtOnce: twelve submissions and twelve saves of one key
// at once make one case, and every caller is given that case and the first
// fingerprint.
func TestIdempotencyKeyAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ids, existed := make([]int64, 12), make([]bool, 12)
		fps, refs := make([]string, 12), make([]string, 12)
		atOnce(12, func(i int) {
			c, ex, err := s.SubmitCase(ctx, record(fmt.Sprintf("K%03d-RACE", i), "api:token:same"))
			if err != nil {
				t.Error(err)
			}
			ids[i], existed[i] = c.ID, ex
			fps[i], refs[i], err = s.SaveIdempotentRequest(ctx, "api:token:same", fmt.Sprintf("fp%d", i), c.Ref, t0)
			if err != nil {
				t.Error(err)
			}
		})
		made := 0
		for i := range 12 {
			if !existed[i] {
				made++
			}
			if ids[i] != ids[0] || fps[i] != fps[0] || refs[i] != refs[0] {
				t.Errorf("caller %d got case %d %s fingerprint %s; caller 0 got %d %s %s", i, ids[i], refs[i], fps[i], ids[0], refs[0], fps[0])
			}
		}
		if made != 1 {
			t.Errorf("%d cases made from one key, want 1", made)
		}
	})
}
