package store

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

const sessionColumns = "hash, user_id, complete, mfa, method, created_at, last_seen, verified_at"

// CreateSession stores a session (only the hash of its token).
func (s *Store) CreateSession(ctx context.Context, sess auth.Session, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error { return insertSession(ctx, t, sess) })
}

func insertSession(ctx context.Context, t *tx, sess auth.Session) error {
	_, err := t.exec(ctx, "INSERT INTO sessions ("+sessionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		sess.Hash, sess.UserID, sess.Complete, sess.MFA, sess.Method, micros(sess.CreatedAt), micros(sess.LastSeen), zeroMicros(sess.VerifiedAt))
	return err
}

// ReplaceSession deletes the session old (if any) and stores sess in one
// transaction: the token rotates at sign-in and step-up.
func (s *Store) ReplaceSession(ctx context.Context, old string, sess auth.Session, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		if old != "" {
			if _, err := t.exec(ctx, "DELETE FROM sessions WHERE hash = ?", old); err != nil {
				return err
			}
		}
		return insertSession(ctx, t, sess)
	})
}

// SessionByHash returns a session. Errors: fault.NotFound.
func (s *Store) SessionByHash(ctx context.Context, hash string) (auth.Session, error) {
	var sess auth.Session
	var created, seen, verified int64
	err := s.queryRowRead(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE hash = ?", hash).
		Scan(&sess.Hash, &sess.UserID, &sess.Complete, &sess.MFA, &sess.Method, &created, &seen, &verified)
	if err != nil {
		return auth.Session{}, notFound(err, "session")
	}
	sess.CreatedAt, sess.LastSeen, sess.VerifiedAt = fromMicros(created), fromMicros(seen), fromZeroMicros(verified)
	return sess, nil
}

// TouchSession records that a session was used at time at.
func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "UPDATE sessions SET last_seen = ? WHERE hash = ? AND last_seen < ?", micros(at), hash, micros(at))
		return err
	})
}

// DeleteSession ends one session (no error if it has already gone).
func (s *Store) DeleteSession(ctx context.Context, hash string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
		return err
	})
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
		return err
	})
}

// DeleteSessionsBefore removes sessions last used before idleSince or created
// before createdBefore, returning how many: a periodic clean-up.
func (s *Store) DeleteSessionsBefore(ctx context.Context, idleSince, createdBefore time.Time) (int, error) {
	var n int64
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", micros(idleSince), micros(createdBefore))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
