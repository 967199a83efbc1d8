package auth

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// touchEvery limits last-seen writes to one a minute per session.
const touchEvery = time.Minute

// Principal returns who holds a session token: a complete, unexpired session
// of an active account. Anything else is ErrNoSession (fault.Unauthenticated).
// The account is read on every call, so a disabled person is refused at once
// and grant changes apply to the next request.
func (s *Service) Principal(ctx context.Context, token string) (access.Principal, error) {
	return s.PrincipalAt(ctx, token, "")
}

// PrincipalAt is Principal for a request from ip (the client address the
// platform's trusted proxies give; "" when unknown, which is off the
// council's networks). The sign-in rule is asked again on every request:
// a partner without a second factor who leaves the trusted networks, or
// whose domain is withdrawn, has no session.
func (s *Service) PrincipalAt(ctx context.Context, token, ip string) (access.Principal, error) {
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return access.Principal{}, err
	}
	if !sess.Complete || !s.signInDecision(u, sess.MFA, ip).Allow {
		return access.Principal{}, ErrNoSession
	}
	p := s.PrincipalOf(u, sess.MFA)
	p.OnTrustedNetwork = s.onTrustedNetwork(ip)
	return p, nil
}

// Pending returns an unfinished (or finished) sign-in session and its account,
// for the pages that complete sign-in: change password, enrol, enter a code.
func (s *Service) Pending(ctx context.Context, token string) (Session, User, error) {
	return s.live(ctx, token)
}

// live loads a session that has not expired and whose account is active.
func (s *Service) live(ctx context.Context, token string) (Session, User, error) {
	if token == "" {
		return Session{}, User{}, ErrNoSession
	}
	now := s.now()
	sess, err := s.store.SessionByHash(ctx, HashToken(token))
	if errors.Is(err, fault.NotFound) {
		return Session{}, User{}, ErrNoSession
	}
	if err != nil {
		return Session{}, User{}, err
	}
	if now.Sub(sess.LastSeen) >= s.opt.IdleTimeout || now.Sub(sess.CreatedAt) >= s.opt.AbsoluteTimeout {
		_ = s.store.DeleteSession(ctx, sess.Hash)
		return Session{}, User{}, ErrNoSession
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if errors.Is(err, fault.NotFound) || (err == nil && !u.Active) {
		_ = s.store.DeleteSession(ctx, sess.Hash)
		return Session{}, User{}, ErrNoSession
	}
	if err != nil {
		return Session{}, User{}, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if err := s.store.TouchSession(ctx, sess.Hash, now); err != nil {
			return Session{}, User{}, err
		}
	}
	return sess, u, nil
}

// SignOut ends the session (no error if it has already ended).
func (s *Service) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	sess, err := s.store.SessionByHash(ctx, HashToken(token))
	if errors.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.DeleteSession(ctx, sess.Hash, s.entry(sess.UserID, "auth.sign_out", sess.UserID, nil))
}

// VerifyCode checks a TOTP code for a session. For a pending sign-in it is
// the second factor; for a complete session it is a re-verification, which a
// factor change needs (see RecentlyVerified). On success the session is
// replaced by a new, complete one with MFA (the token rotates: no fixation)
// and the new token is returned. The code's time step is recorded as used in
// the same transaction, so a code works once however many sessions send it
// at the same moment; wrong and reused codes count towards lockout.
func (s *Service) VerifyCode(ctx context.Context, token, code, ip string) (string, error) {
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return "", err
	}
	now := s.now()
	if s.throttle.blocked(ip, now) {
		return "", ErrLocked
	}
	if now.Before(u.LockedUntil) {
		return "", s.fail(ctx, &u, u.Email, ip, "locked", ErrLocked)
	}
	if u.TOTPSecret == "" || u.MustChangePassword {
		return "", fault.New(fault.Invalid, "finish setting up your account first")
	}
	key, err := s.seal.open(u.TOTPSecret)
	if err != nil {
		return "", err
	}
	step, ok := VerifyTOTP(key, code, now, u.TOTPLastStep)
	if !ok {
		return "", s.fail(ctx, &u, u.Email, ip, "wrong security code", ErrBadCode)
	}
	tok, err := s.finish(ctx, sess, u, Completion{TOTPKey: u.TOTPSecret, TOTPStep: step}, "totp", ip)
	if errors.Is(err, ErrBadCode) {
		return "", s.fail(ctx, &u, u.Email, ip, "security code already used", ErrBadCode)
	}
	return tok, err
}

// finish writes c: the second factor is used, the failure count cleared and
// the session old rotated into a complete, MFA-verified one, all at once.
// For a complete session (a re-verification) the sign-in time is kept, so
// the absolute session limit still counts from sign-in.
func (s *Service) finish(ctx context.Context, old Session, u User, c Completion, how, ip string, extra ...audit.Entry) (string, error) {
	now := s.now()
	token := newToken()
	created, action := now, "auth.sign_in"
	if old.Complete {
		created, action = old.CreatedAt, "auth.reverified"
	}
	c.UserID, c.At, c.Old = u.ID, now, old.Hash
	c.Session = Session{Hash: HashToken(token), UserID: u.ID, Complete: true, MFA: true, Method: old.Method,
		CreatedAt: created, LastSeen: now, VerifiedAt: now}
	e := s.entry(u.ID, action, u.ID, map[string]any{"ip": ip, "method": old.Method, "second_factor": how})
	if err := s.store.FinishSignIn(ctx, c, append(extra, e)...); err != nil {
		return "", err
	}
	return token, nil
}

// RecentlyVerified reports whether the session proved a second factor
// within Options.ReverifyWithin: the condition for changing a factor.
func (s *Service) RecentlyVerified(ctx context.Context, token string) bool {
	sess, _, err := s.live(ctx, token)
	return err == nil && s.recent(sess)
}

func (s *Service) recent(sess Session) bool {
	return sess.Complete && sess.MFA && !sess.VerifiedAt.IsZero() && s.now().Sub(sess.VerifiedAt) < s.opt.ReverifyWithin
}

// hasFactor reports whether an account has a second factor: a TOTP key or a passkey.
func (s *Service) hasFactor(ctx context.Context, u User) (bool, error) {
	if u.TOTPSecret != "" {
		return true, nil
	}
	if s.passkeys == nil {
		return false, nil
	}
	keys, err := s.passkeys.Passkeys(ctx, u.ID)
	return len(keys) > 0, err
}

// ChangePassword sets a new password for the holder of a session who proves
// the current one (not needed for a forced change during sign-in). It clears
// a forced change and returns the next sign-in step.
func (s *Service) ChangePassword(ctx context.Context, token, current, password string) (Step, error) {
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return "", err
	}
	// A forced change straight after signing in with the one-time secret needs
	// no second proof of it: the pending session is that proof.
	forced := u.MustChangePassword && !sess.Complete
	if !forced && !CheckPassword(u.PasswordHash, current) {
		return "", fault.New(fault.Invalid, "Your current password is wrong")
	}
	if err := CheckNewPassword(password, u.Email); err != nil {
		return "", err
	}
	if CheckPassword(u.PasswordHash, password) {
		return "", fault.New(fault.Invalid, "Choose a password different from the current one")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	if err := s.store.UpdatePassword(ctx, u.ID, hash, s.entry(u.ID, "auth.password_changed", u.ID, nil)); err != nil {
		return "", err
	}
	u.PasswordHash, u.MustChangePassword = hash, false
	return nextStep(u), nil
}

// TOTPEnrolment is a new authenticator key awaiting its first code.
type TOTPEnrolment struct {
	// Key is the base32 key to type into an app; URI the otpauth:// form.
	Key, URI string
	// Sealed is the key encrypted for a hidden form field: the server never
	// trusts a key the browser chose.
	Sealed string
}

// BeginTOTP makes a new authenticator key for the session's account, which
// must have no second factor yet (a first sign-in, or after an
// administrator's reset of the second factor): otherwise ErrFactorExists.
func (s *Service) BeginTOTP(ctx context.Context, token string) (TOTPEnrolment, error) {
	_, u, err := s.live(ctx, token)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	if has, err := s.hasFactor(ctx, u); err != nil || has {
		return TOTPEnrolment{}, cmp.Or(err, ErrFactorExists)
	}
	key, err := NewTOTPSecret()
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Key: key, URI: TOTPURI(s.opt.Issuer, u.Email, key), Sealed: s.seal.seal(u.ID + ":" + key)}, nil
}

// ConfirmTOTP stores the enrolled key once a code from it is correct, and
// completes the sign-in with MFA, returning the new (rotated) token. Like
// BeginTOTP it refuses an account that has a second factor
// (ErrFactorExists), checked again in the transaction that stores the key.
func (s *Service) ConfirmTOTP(ctx context.Context, token, sealed, code, ip string) (string, error) {
	sess, u, err := s.live(ctx, token)
	if err != nil {
		return "", err
	}
	if u.MustChangePassword {
		return "", fault.New(fault.Invalid, "set a new password first")
	}
	if has, err := s.hasFactor(ctx, u); err != nil || has {
		if has {
			s.audit(ctx, s.entry(u.ID, "auth.enrolment_refused", u.ID, map[string]any{"ip": ip, "reason": "factor exists"}))
		}
		return "", cmp.Or(err, ErrFactorExists)
	}
	plain, err := s.seal.open(sealed)
	if err != nil {
		return "", fault.Wrap(fault.Invalid, err, "the set-up key was changed; start again")
	}
	key, ok := cutPrefix(plain, u.ID+":")
	if !ok {
		return "", fault.New(fault.Invalid, "the set-up key belongs to another account; start again")
	}
	step, ok := VerifyTOTP(key, code, s.now(), 0)
	if !ok {
		return "", ErrBadCode
	}
	return s.finish(ctx, sess, u, Completion{Enrol: true, TOTPKey: s.seal.seal(key), TOTPStep: step}, "totp-enrolment", ip,
		s.entry(u.ID, "auth.totp_enrolled", u.ID, map[string]any{"ip": ip}))
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) < len(p) || s[:len(p)] != p {
		return "", false
	}
	return s[len(p):], true
}

// PruneSessions deletes expired sessions (idle or past the absolute limit):
// a periodic task. Expired sessions are refused anyway; this keeps the table small.
func (s *Service) PruneSessions(ctx context.Context) error {
	now := s.now()
	_, err := s.store.DeleteSessionsBefore(ctx, now.Add(-s.opt.IdleTimeout), now.Add(-s.opt.AbsoluteTimeout))
	return err
}
