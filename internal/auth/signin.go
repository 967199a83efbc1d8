package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
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
	// ErrFactorExists refuses to set up a second factor for an account that
	// has one: only an administrator's reset of the second factor allows it.
	ErrFactorExists = fault.New(fault.Forbidden, "Your account already has a second factor. Sign in with it, or ask your administrator to reset it")
	// ErrReverify asks for a fresh second-factor proof before a factor changes.
	ErrReverify = fault.New(fault.Forbidden, "Confirm it is you: enter a code from your authenticator app first")
	// ErrSecretExpired is a correct one-time secret past its lifetime.
	ErrSecretExpired = fault.New(fault.Unauthenticated, "This one-time secret has expired. Ask your administrator for a new one")
	// ErrSecretUsed is a one-time secret another sign-in has used.
	ErrSecretUsed = fault.New(fault.Unauthenticated, "Enter a correct email address and password")
)

// SignIn checks an email address and password from address ip. On success it
// ends the caller's previous session (old, may be empty), starts a new one and
// returns its token and the step that remains: the session is not complete
// until that step is done. Failures, and every attempt while the account is
// locked, are audited and counted; a correct password does not clear the
// count: only a complete sign-in (both factors) does. A one-time secret
// works once, before it expires.
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
		return "", "", s.fail(ctx, nil, email, ip, "no such account", ErrBadCredentials)
	}
	if err != nil {
		return "", "", err
	}
	if now.Before(u.LockedUntil) {
		return "", "", s.fail(ctx, &u, email, ip, "locked", ErrLocked)
	}
	if !CheckPassword(u.PasswordHash, password) || !u.Active {
		return "", "", s.fail(ctx, &u, email, ip, reason(u), ErrBadCredentials)
	}
	// Read again: a failure counted while the password was being checked
	// may have locked the account, and then this attempt comes after it.
	checked := u.PasswordHash
	if u, err = s.store.UserByID(ctx, u.ID); err != nil {
		return "", "", err
	}
	if u.PasswordHash != checked { // changed meanwhile (a one-time secret claimed, a reset)
		return "", "", s.fail(ctx, &u, email, ip, "password changed during sign-in", ErrBadCredentials)
	}
	if !u.Active {
		return "", "", s.fail(ctx, &u, email, ip, reason(u), ErrBadCredentials)
	}
	if now.Before(u.LockedUntil) {
		return "", "", s.fail(ctx, &u, email, ip, "locked", ErrLocked)
	}
	if u.MustChangePassword {
		if err := s.claimSecret(ctx, u, ip, now); err != nil {
			return "", "", err
		}
	}
	without := s.signInDecision(u, false, ip)
	if !without.Allow && without.Reason != access.ReasonPartnerSecondFactor {
		s.audit(ctx, s.entry(u.ID, "auth.sign_in_refused", u.ID, map[string]any{"ip": ip, "reason": without.Reason}))
		return "", "", ErrPartnerDomain
	}
	next = nextStep(u)
	// A partner with a second factor enrolled, on the council's trusted
	// networks, is signed in by the password: the policy allows it.
	complete := next == StepTOTP && u.Kind == access.KindPartner && without.Allow
	if complete {
		next = StepDone
	}
	token = newToken()
	sess := Session{Hash: HashToken(token), UserID: u.ID, Method: "password", Complete: complete, CreatedAt: now, LastSeen: now}
	e := s.entry(u.ID, "auth.password_ok", u.ID, map[string]any{"ip": ip, "next": string(next)})
	if err := s.store.ReplaceSession(ctx, hashOrEmpty(old), sess, e); err != nil {
		return "", "", err
	}
	return token, next, nil
}

// claimSecret uses up a one-time secret the person has just typed correctly.
func (s *Service) claimSecret(ctx context.Context, u User, ip string, now time.Time) error {
	if !now.Before(u.SecretExpiresAt) {
		s.audit(ctx, s.entry(u.ID, "auth.sign_in_failed", u.ID, map[string]any{"ip": ip, "reason": "one-time secret expired"}))
		return ErrSecretExpired
	}
	err := s.store.ClaimOneTimeSecret(ctx, u.ID, u.PasswordHash, now)
	if errors.Is(err, ErrSecretUsed) {
		return s.fail(ctx, &u, u.Email, ip, "one-time secret already used", ErrBadCredentials)
	}
	return err
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

// fail records a failed attempt: audit, per-address throttle and, for a
// known account, the lockout counter (one atomic update). It returns the
// refusal to give: refusal, or ErrLocked once the count is past the limit,
// exactly as if the attempts had come one at a time.
func (s *Service) fail(ctx context.Context, u *User, email, ip, why string, refusal error) error {
	now := s.now()
	s.throttle.fail(ip, now)
	subject := email
	detail := map[string]any{"ip": ip}
	if u != nil {
		subject = u.ID
		n, until, err := s.store.RecordFailure(ctx, u.ID, now, s.opt.MaxFailures, s.opt.LockFor)
		if err != nil {
			s.opt.Logger.ErrorContext(ctx, "recording failed sign-in", "err", err)
		}
		switch {
		case err != nil:
		case n > s.opt.MaxFailures:
			refusal = ErrLocked
		case n == s.opt.MaxFailures:
			why += "; account locked"
			detail["locked_until"] = until.Format(time.RFC3339)
		}
		detail["failures"] = n
	}
	detail["reason"] = why
	s.audit(ctx, s.entry(subject, "auth.sign_in_failed", subject, detail))
	s.opt.Logger.WarnContext(ctx, "sign-in failed", "subject", subject, "ip", ip, "reason", why)
	return refusal
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
