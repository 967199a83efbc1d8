package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

// IssueResidentLink implements auth.ResidentStore. The limit is exact on
// both databases: the transaction first writes the address's row in
// resident_signin_addresses, and holds that row's lock until it ends, so
// a second request for the same address waits and then counts the first's
// link (PostgreSQL's read committed reads afresh for each statement; SQLite
// has one writer anyway).
func (s *Store) IssueResidentLink(ctx context.Context, l auth.ResidentLink, since time.Time, limit int, email jobs.Message) error {
	return s.update(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `INSERT INTO resident_signin_addresses (email_key, last_at) VALUES (?, ?)
			ON CONFLICT (email_key) DO UPDATE SET last_at = excluded.last_at`, emailKey(l.Email), micros(l.CreatedAt)); err != nil {
			return err
		}
		var sent int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM resident_signin_links WHERE email_key = ? AND created_at > ?",
			emailKey(l.Email), micros(since)).Scan(&sent); err != nil {
			return err
		}
		if sent >= limit {
			return fault.New(fault.TooMany, "%d sign-in links sent to the address within the hour", sent)
		}
		// Only this address's old links, by its index: every address's
		// would read the whole table on each request (PruneResidentLinks
		// does that once an hour).
		if _, err := t.exec(ctx, `DELETE FROM resident_signin_links WHERE email_key = ? AND created_at < ? AND expires_at < ?`,
			emailKey(l.Email), micros(since), micros(l.CreatedAt)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO resident_signin_links (token_hash, email, email_key, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, l.TokenHash, l.Email, emailKey(l.Email), micros(l.CreatedAt), micros(l.ExpiresAt)); err != nil {
			return err
		}
		return insertOutbox(ctx, t, email)
	})
}

// PruneResidentLinks implements auth.ResidentStore.
func (s *Store) PruneResidentLinks(ctx context.Context, before time.Time) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM resident_signin_links WHERE expires_at < ?`, micros(before))
		return err
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
		a, err = startResidentSession(ctx, t, auth.ResidentSignIn{Email: email, SessionHash: sessionHash, Now: now,
			SessionExpires: sessionExpires, NewID: newID})
		return err
	})
	return a, err
}

// StartResidentSession implements auth.ResidentStore.
func (s *Store) StartResidentSession(ctx context.Context, in auth.ResidentSignIn) (auth.ResidentAccount, error) {
	var a auth.ResidentAccount
	err := s.update(ctx, func(t *tx) error {
		var err error
		a, err = startResidentSession(ctx, t, in)
		return err
	})
	return a, err
}

// startResidentSession makes the address's account if there is none and
// starts a session for it. A One Login subject moves to the account of
// the address One Login now vouches for: the account follows the proven
// address, never the other way round.
func startResidentSession(ctx context.Context, t *tx, in auth.ResidentSignIn) (auth.ResidentAccount, error) {
	var a auth.ResidentAccount
	key := emailKey(in.Email)
	var subject any // NULL keeps the account's subject (an emailed link proves no subject)
	if in.Subject != "" {
		subject = in.Subject
		if _, err := t.exec(ctx, "UPDATE resident_accounts SET subject = NULL WHERE subject = ? AND email_key <> ?", in.Subject, key); err != nil {
			return a, err
		}
	}
	var details string
	var created int64
	err := t.queryRow(ctx, `INSERT INTO resident_accounts (id, email, email_key, subject, created_at, signed_in_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (email_key) DO UPDATE SET signed_in_at = excluded.signed_in_at, subject = COALESCE(excluded.subject, resident_accounts.subject)
		RETURNING id, email, details, created_at`, in.NewID, in.Email, key, subject, micros(in.Now), micros(in.Now)).
		Scan(&a.ID, &a.Email, &details, &created)
	if err != nil {
		return a, err
	}
	if err := decodeResident(&a, details, created); err != nil {
		return a, err
	}
	_, err = t.exec(ctx, "INSERT INTO resident_sessions (token_hash, account_id, created_at, expires_at, id_token) VALUES (?, ?, ?, ?, ?)",
		in.SessionHash, a.ID, micros(in.Now), micros(in.SessionExpires), in.IDToken)
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
func (s *Store) EndResidentSession(ctx context.Context, sessionHash string) (string, error) {
	var idToken string
	err := s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "DELETE FROM resident_sessions WHERE token_hash = ? RETURNING id_token", sessionHash).Scan(&idToken)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already gone
		}
		return err
	})
	return idToken, err
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

var _ auth.ResidentFormStore = (*Store)(nil)

// OwnDraft implements auth.ResidentFormStore. It writes only when the
// owner changes, so a resident's every page costs no extra write.
func (s *Store) OwnDraft(ctx context.Context, id, account string) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE drafts SET resident_account_id = ? WHERE id = ? AND submitted_ref = ''
			AND (resident_account_id IS NULL OR resident_account_id <> ?)`, account, id, account)
		return err
	})
}

// AccountDrafts implements auth.ResidentFormStore.
func (s *Store) AccountDrafts(ctx context.Context, account string, limit int) ([]auth.SavedForm, error) {
	rows, err := s.queryRead(ctx, `SELECT id, service_id, resident_account_id, updated_at FROM drafts
		WHERE resident_account_id = ? AND submitted_ref = '' ORDER BY updated_at DESC, id LIMIT ?`, account, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auth.SavedForm
	for rows.Next() {
		var f auth.SavedForm
		var updated int64
		if err := rows.Scan(&f.ID, &f.ServiceID, &f.OwnerAccount, &updated); err != nil {
			return nil, err
		}
		f.UpdatedAt = time.UnixMicro(updated).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// UnsentDraft implements auth.ResidentFormStore.
func (s *Store) UnsentDraft(ctx context.Context, id string) (auth.SavedForm, error) {
	var f auth.SavedForm
	var owner sql.NullString
	var updated int64
	err := s.queryRowRead(ctx, `SELECT id, service_id, resident_account_id, updated_at FROM drafts WHERE id = ? AND submitted_ref = ''`, id).
		Scan(&f.ID, &f.ServiceID, &owner, &updated)
	if err := notFound(err, "unsent form "+id); err != nil {
		return f, err
	}
	f.OwnerAccount, f.UpdatedAt = owner.String, time.UnixMicro(updated).UTC()
	return f, nil
}

// MoveDraft implements auth.ResidentFormStore.
func (s *Store) MoveDraft(ctx context.Context, id, session string) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE drafts SET session = ?, updated_at = ? WHERE id = ? AND submitted_ref = ''", session, micros(t.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "unsent form %s", id)
		}
		return nil
	})
}

// DeleteDraft implements auth.ResidentFormStore.
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	return s.update(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, "DELETE FROM draft_resume WHERE draft_id = ?", id); err != nil {
			return err
		}
		res, err := t.exec(ctx, "DELETE FROM drafts WHERE id = ? AND submitted_ref = ''", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "unsent form %s", id)
		}
		return nil
	})
}
