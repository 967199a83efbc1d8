package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

var _ auth.ResidentStore = (*Store)(nil)

// emailKey is how an address is compared: ignoring case, as mail systems do.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// IssueResidentLink implements auth.ResidentStore. The count and the
// insert share a transaction; on SQLite the one writer makes the limit
// exact, on PostgreSQL two requests at the same instant may both pass it
// (the front door's per-client limiter still applies).
func (s *Store) IssueResidentLink(ctx context.Context, l auth.ResidentLink, since time.Time, limit int, email jobs.Message) error {
	return s.update(ctx, func(t *tx) error {
		var sent int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM resident_signin_links WHERE email_key = ? AND created_at > ?",
			emailKey(l.Email), micros(since)).Scan(&sent); err != nil {
			return err
		}
		if sent >= limit {
			return fault.New(fault.TooMany, "%d sign-in links sent to the address within the hour", sent)
		}
		if _, err := t.exec(ctx, `DELETE FROM resident_signin_links WHERE expires_at < ? AND created_at < ?`,
			micros(l.CreatedAt), micros(since)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO resident_signin_links (token_hash, email, email_key, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, l.TokenHash, l.Email, emailKey(l.Email), micros(l.CreatedAt), micros(l.ExpiresAt)); err != nil {
			return err
		}
		return insertOutbox(ctx, t, email)
	})
}

// ClaimResidentLink implements auth.ResidentStore: the link is marked used
// only while unused and live, so of many uses at once exactly one signs in.
func (s *Store) ClaimResidentLink(ctx context.Context, tokenHash, sessionHash string, now, sessionExpires time.Time, newID string) (auth.ResidentAccount, error) {
	var a auth.ResidentAccount
	err := s.update(ctx, func(t *tx) error {
		var email string
		err := t.queryRow(ctx, `UPDATE resident_signin_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
			RETURNING email`, micros(now), tokenHash, micros(now)).Scan(&email)
		if err := notFound(err, "sign-in link used or expired"); err != nil {
			return err
		}
		var details string
		var created int64
		err = t.queryRow(ctx, `INSERT INTO resident_accounts (id, email, email_key, created_at, signed_in_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (email_key) DO UPDATE SET signed_in_at = excluded.signed_in_at
			RETURNING id, email, details, created_at`, newID, email, emailKey(email), micros(now), micros(now)).
			Scan(&a.ID, &a.Email, &details, &created)
		if err != nil {
			return err
		}
		if err := decodeResident(&a, details, created); err != nil {
			return err
		}
		_, err = t.exec(ctx, "INSERT INTO resident_sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			sessionHash, a.ID, micros(now), micros(sessionExpires))
		return err
	})
	return a, err
}

func decodeResident(a *auth.ResidentAccount, details string, created int64) error {
	a.CreatedAt = time.UnixMicro(created).UTC()
	return json.Unmarshal([]byte(details), &a.Details)
}

// ResidentBySession implements auth.ResidentStore.
func (s *Store) ResidentBySession(ctx context.Context, sessionHash string, now time.Time) (auth.ResidentAccount, error) {
	var a auth.ResidentAccount
	var details string
	var created int64
	err := s.queryRowRead(ctx, `SELECT a.id, a.email, a.details, a.created_at FROM resident_sessions s
		JOIN resident_accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?`, sessionHash, micros(now)).
		Scan(&a.ID, &a.Email, &details, &created)
	if err := notFound(err, "resident session"); err != nil {
		return a, err
	}
	return a, decodeResident(&a, details, created)
}

// EndResidentSession implements auth.ResidentStore.
func (s *Store) EndResidentSession(ctx context.Context, sessionHash string) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM resident_sessions WHERE token_hash = ?", sessionHash)
		return err
	})
}

// SaveResidentDetails implements auth.ResidentStore.
func (s *Store) SaveResidentDetails(ctx context.Context, id string, d auth.ResidentDetails) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "UPDATE resident_accounts SET details = ? WHERE id = ?", string(b), id)
		return err
	})
}

// DeleteResidentAccount implements auth.ResidentStore.
func (s *Store) DeleteResidentAccount(ctx context.Context, id string, entry audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		var key string
		if err := t.queryRow(ctx, "DELETE FROM resident_accounts WHERE id = ? RETURNING email_key", id).Scan(&key); err != nil {
			return notFound(err, "resident account")
		}
		if _, err := t.exec(ctx, "DELETE FROM resident_signin_links WHERE email_key = ?", key); err != nil {
			return err
		}
		_, err := appendAuditTx(ctx, t, entry)
		return err
	})
}
