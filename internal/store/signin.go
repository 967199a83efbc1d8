package store

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

// Sign-in counters and single-use records. Each is one conditional
// statement (or one transaction of them), so that concurrent requests for
// the same account are serialised by the database: SQLite has one writer,
// and PostgreSQL re-checks an UPDATE's WHERE clause on the row as the
// concurrent transaction that locked it left it (READ COMMITTED suffices).

// RecordFailure counts one failed sign-in attempt against account id at
// time at, in a single UPDATE, and returns the count and the lockout end.
// A count reaching max locks the account for lockFor; attempts while it is
// locked count but do not extend the lock; the first failure after a lock
// has ended starts counting again from 1. Errors: fault.NotFound.
func (s *Store) RecordFailure(ctx context.Context, id string, at time.Time, max int, lockFor time.Duration) (int, time.Time, error) {
	now, until := micros(at), micros(at.Add(lockFor))
	var n int
	var locked int64
	err := s.update(ctx, func(t *tx) error {
		// Every expression reads the row as it was before this UPDATE.
		return t.queryRow(ctx, `UPDATE users SET
			failed_attempts = CASE WHEN locked_until <> 0 AND locked_until <= ? THEN 1 ELSE failed_attempts + 1 END,
			locked_until = CASE
				WHEN locked_until > ? THEN locked_until
				WHEN (CASE WHEN locked_until <> 0 AND locked_until <= ? THEN 1 ELSE failed_attempts + 1 END) >= ? THEN ?
				ELSE 0 END
			WHERE id = ? RETURNING failed_attempts, locked_until`, now, now, now, max, until, id).Scan(&n, &locked)
	})
	if err != nil {
		return 0, time.Time{}, notFound(err, "user "+id)
	}
	return n, fromZeroMicros(locked), nil
}

// FinishSignIn completes a sign-in's second factor in one transaction:
// enrols the first TOTP key (c.Enrol), or records c.TOTPStep as used; clears
// the failure count; replaces session c.Old by c.Session; appends entries.
// Errors: auth.ErrFactorExists when enrolling an account that has a TOTP key
// or a passkey (or must still change its password), auth.ErrBadCode when the
// step is not after the last used one or the key has changed since it was
// read (the code was used at the same moment by another request),
// auth.ErrLocked when the account is locked or disabled at commit,
// auth.ErrNoSession when session c.Old no longer exists.
func (s *Store) FinishSignIn(ctx context.Context, c auth.Completion, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		if err := useFactor(ctx, t, c); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE users SET failed_attempts = 0, locked_until = 0
			WHERE id = ? AND active = ? AND locked_until <= ?`, c.UserID, true, micros(c.At))
		if err := oneRow(res, err, auth.ErrLocked); err != nil {
			return err
		}
		if c.Old != "" {
			// The pending session must still exist: one sign-in completes once,
			// and a reset or sign-out in between ends it.
			res, err := t.exec(ctx, "DELETE FROM sessions WHERE hash = ?", c.Old)
			if err := oneRow(res, err, auth.ErrNoSession); err != nil {
				return err
			}
		}
		return insertSession(ctx, t, c.Session)
	})
}

func useFactor(ctx context.Context, t *tx, c auth.Completion) error {
	switch {
	case c.Enrol:
		res, err := t.exec(ctx, `UPDATE users SET totp_secret = ?, totp_last_step = ?, updated_at = ?
			WHERE id = ? AND totp_secret = '' AND must_change_password = ?
			AND NOT EXISTS (SELECT 1 FROM passkeys WHERE user_id = ?)`,
			c.TOTPKey, c.TOTPStep, micros(c.At), c.UserID, false, c.UserID)
		return oneRow(res, err, auth.ErrFactorExists)
	case c.TOTPStep > 0:
		res, err := t.exec(ctx, `UPDATE users SET totp_last_step = ?
			WHERE id = ? AND totp_secret = ? AND totp_secret <> '' AND totp_last_step < ?`,
			c.TOTPStep, c.UserID, c.TOTPKey, c.TOTPStep)
		return oneRow(res, err, auth.ErrBadCode)
	}
	return nil
}

// oneRow turns "no row changed" into refused.
func oneRow(res interface{ RowsAffected() (int64, error) }, err error, refused error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return refused
	}
	return nil
}

// UpdatePassword stores a new password hash chosen by the account's holder:
// it clears the forced change and any one-time secret. Errors: fault.NotFound.
func (s *Store) UpdatePassword(ctx context.Context, id, hash string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, secret_expires_at = 0, updated_at = ?
			WHERE id = ?`, hash, false, micros(t.now), id)
		return affected(res, err, "user "+id)
	})
}

// ResetCredentials is an administrator's reset, in one transaction: u's
// one-time secret (hash and expiry) replaces the password, the forced change
// is set, failures and lockout are cleared and every session ends; with
// secondFactor the TOTP key and every passkey are removed as well.
// Errors: fault.NotFound.
func (s *Store) ResetCredentials(ctx context.Context, u auth.User, secondFactor bool, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, secret_expires_at = ?,
			failed_attempts = 0, locked_until = 0, updated_at = ? WHERE id = ?`,
			u.PasswordHash, true, zeroMicros(u.SecretExpiresAt), micros(t.now), u.ID)
		if err := affected(res, err, "user "+u.ID); err != nil {
			return err
		}
		qs := []string{"DELETE FROM sessions WHERE user_id = ?"}
		if secondFactor {
			qs = append(qs, "UPDATE users SET totp_secret = '', totp_last_step = 0 WHERE id = ?", "DELETE FROM passkeys WHERE user_id = ?")
		}
		for _, q := range qs {
			if _, err := t.exec(ctx, q, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimOneTimeSecret uses up account id's one-time secret, whose hash the
// caller has just checked, unless it has expired at time at or another
// request claimed it first: the password hash is cleared (the holder of the
// new session must choose a password) so the secret admits one sign-in only.
// Errors: auth.ErrSecretUsed.
func (s *Store) ClaimOneTimeSecret(ctx context.Context, id, hash string, at time.Time) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = '', updated_at = ?
			WHERE id = ? AND password_hash = ? AND password_hash <> '' AND must_change_password = ? AND secret_expires_at > ?`,
			micros(t.now), id, hash, true, micros(at))
		return oneRow(res, err, auth.ErrSecretUsed)
	})
}
