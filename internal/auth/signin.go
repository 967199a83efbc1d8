package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Step is what a person must do next to finish signing in.
type Step string

// Steps.
const (
	StepChangePassword Step = "change-password" // a one-time secret was used
	StepEnrolTOTP      Step = "enrol-totp"      // no authenticator yet
	StepTOTP           Step = "totp"            // enter a code
	StepDone           Step = "done"            // signed in
)

// Sign-in errors. The messages are safe to show.
var (
	// ErrBadCredentials covers an unknown email, a wrong password and a disabled
	// account alike, so that sign-in does not reveal who has an account.
	ErrBadCredentials = fault.New(fault.Unauthenticated, "Enter a correct email address and password")
	// ErrBadCode is a wrong or reused second-factor code.
	ErrBadCode = fault.New(fault.Invalid, "Enter a correct security code")
	// ErrLocked is returned while an account or address is locked out.
	ErrLocked = fault.New(fault.TooMany, "Too many failed attempts. Wait 15 minutes and try again")
	// ErrNoSession means the sign-in session has expired or never existed.
	ErrNoSession = fault.New(fault.Unauthenticated, "Your session has ended. Sign in again")
)

// SignIn checks an email address and password from address ip. On success it
// ends the caller's previous session (old, may be empty), starts a new one and
// returns its token and the step that remains: the session is not complete
// until that step is done. Failures are audited and counted towards lockout.
func (s *Service) SignIn(ctx context.Context, email, password, ip, old string) (token string, next Step, err error) {
	now := s.now()
	email = strings.TrimSpace(email)
	if s.throttle.blocked(ip, now) {
		s.audit(ctx, s.entry(email, "auth.sign_in_throttled", email, map[string]any{"ip": ip}))
		return "", "", ErrLocked
	}
	u, err := s.store.UserByEmail(ctx, email)
	if errors.Is(err, fault.NotFound) {
		CheckPassword(dummyHash(), password)
		s.fail(ctx, nil, email, ip, "no such account")
		return "", "", ErrBadCredentials
	}
	if err != nil {
		return "", "", err
	}
	if now.Before(u.LockedUntil) {
		s.audit(ctx, s.entry(u.ID, "auth.sign_in_failed", u.ID, map[string]any{"ip": ip, "reason": "locked"}))
		return "", "", ErrLocked
	}
	if !CheckPassword(u.PasswordHash, password) || !u.Active {
		s.fail(ctx, &u, email, ip, reason(u))
		return "", "", ErrBadCredentials
	}
	next = nextStep(u)
	u.FailedAttempts = 0
	if err := s.store.UpdateSignIn(ctx, u); err != nil {
		return "", "", err
	}
	token = newToken()
	sess := Session{Hash: HashToken(token), UserID: u.ID, Method: "password", CreatedAt: now, LastSeen: now}
	e := s.entry(u.ID, "auth.password_ok", u.ID, map[string]any{"ip": ip, "next": string(next)})
	if err := s.store.ReplaceSession(ctx, hashOrEmpty(old), sess, e); err != nil {
		return "", "", err
	}
	return token, next, nil
}

func reason(u User) string {
	if !u.Active {
		return "disabled"
	}
	return "wrong password"
}

func nextStep(u User) Step {
	switch {
	case u.MustChangePassword:
		return StepChangePassword
	case u.TOTPSecret == "":
		return StepEnrolTOTP
	}
	return StepTOTP
}

// fail records a failed attempt: audit, per-address throttle and, for a known
// account, the lockout counter.
func (s *Service) fail(ctx context.Context, u *User, email, ip, why string) {
	now := s.now()
	s.throttle.fail(ip, now)
	subject := email
	if u != nil {
		subject = u.ID
		u.FailedAttempts++
		if u.FailedAttempts >= s.opt.MaxFailures {
			u.LockedUntil = now.Add(s.opt.LockFor)
			u.FailedAttempts = 0
			why += "; account locked"
		}
		if err := s.store.UpdateSignIn(ctx, *u); err != nil {
			s.opt.Logger.ErrorContext(ctx, "recording failed sign-in", "err", err)
		}
	}
	s.audit(ctx, s.entry(subject, "auth.sign_in_failed", subject, map[string]any{"ip": ip, "reason": why}))
	s.opt.Logger.WarnContext(ctx, "sign-in failed", "subject", subject, "ip", ip, "reason", why)
}

// audit appends standalone entries, logging (not returning) a failure: a
// refused sign-in must stay refused even when the audit log is unavailable.
func (s *Service) audit(ctx context.Context, entries ...audit.Entry) {
	if err := s.store.AppendAudit(ctx, entries...); err != nil {
		s.opt.Logger.ErrorContext(ctx, "audit append failed", "err", err)
	}
}

func hashOrEmpty(token string) string {
	if token == "" {
		return ""
	}
	return HashToken(token)
}
