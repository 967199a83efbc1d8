package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

var _ auth.Store = (*Store)(nil)

const userColumns = `id, email, name, kind, active, password_hash, must_change_password, totp_secret,
	totp_last_step, failed_attempts, locked_until, external_id, grants, sso_groups, attributes, created_at, updated_at,
	secret_expires_at, ward, party`

// withAudit runs fn and appends entries in the same transaction.
func (s *Store) withAudit(ctx context.Context, entries []audit.Entry, fn func(*tx) error) error {
	return s.update(ctx, func(t *tx) error {
		if err := fn(t); err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		c, err := lockAuditHead(ctx, t)
		if err != nil {
			return err
		}
		if err := c.append(ctx, t, entries...); err != nil {
			return err
		}
		return c.save(ctx, t)
	})
}

// CreateUser inserts an account. Errors: fault.Conflict when the email
// address (case-insensitively) or external id is taken.
func (s *Store) CreateUser(ctx context.Context, u auth.User, entries ...audit.Entry) error {
	args, err := userArgs(u)
	if err != nil {
		return err
	}
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO users (email_key, `+userColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		return err
	})
}

// UpdateUser replaces the stored profile of account u.ID: every field but
// the credentials and sign-in counters (password, one-time secret expiry,
// TOTP key and last step, failures, lockout), which only the sign-in methods
// change, so that an administrator's edit never writes back a stale counter.
// Errors: fault.NotFound, fault.Conflict (email or external id taken).
func (s *Store) UpdateUser(ctx context.Context, u auth.User, entries ...audit.Entry) error {
	args, err := userArgs(u)
	if err != nil {
		return err
	}
	// userArgs order: email_key, id, email, name, kind, active, password_hash,
	// must_change_password, totp_secret, totp_last_step, failed_attempts,
	// locked_until, external_id, grants, sso_groups, attributes, created_at,
	// updated_at, secret_expires_at, ward, party.
	profile := append(append(append([]any{}, args[:6]...), args[12:18]...), args[19:21]...)
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET email_key = ?, id = ?, email = ?, name = ?, kind = ?, active = ?,
			external_id = ?, grants = ?, sso_groups = ?, attributes = ?, created_at = ?, updated_at = ?,
			ward = ?, party = ?
			WHERE id = ?`, append(profile, u.ID)...)
		return affected(res, err, "user "+u.ID)
	})
}

func userArgs(u auth.User) ([]any, error) {
	grants, err := jsonText(orEmpty(u.Grants))
	if err != nil {
		return nil, err
	}
	groups, err := jsonText(orEmpty(u.SSOGroups))
	if err != nil {
		return nil, err
	}
	attrs := "{}"
	if len(u.Attributes) > 0 {
		attrs = string(u.Attributes)
	}
	return []any{strings.ToLower(u.Email), u.ID, u.Email, u.Name, string(u.Kind), u.Active, u.PasswordHash,
		u.MustChangePassword, u.TOTPSecret, u.TOTPLastStep, u.FailedAttempts, lockedMicros(u), nullString(u.ExternalID),
		grants, groups, attrs, micros(u.CreatedAt), micros(u.UpdatedAt), zeroMicros(u.SecretExpiresAt), u.Ward, u.Party}, nil
}

func lockedMicros(u auth.User) int64 { return zeroMicros(u.LockedUntil) }

// zeroMicros stores the zero time as 0 (never), for columns where 0 means "none".
func zeroMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return micros(t)
}

// fromZeroMicros reads what zeroMicros wrote.
func fromZeroMicros(m int64) time.Time {
	if m == 0 {
		return time.Time{}
	}
	return fromMicros(m)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// affected turns "no row changed" into fault.NotFound.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fault.New(fault.NotFound, "%s", what)
	}
	return nil
}

// DisableUser marks an account inactive and deletes its sessions in one
// transaction: a leaver is signed out everywhere at once. Errors: fault.NotFound.
func (s *Store) DisableUser(ctx context.Context, id string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE users SET active = ?, updated_at = ? WHERE id = ?", false, micros(t.now), id)
		if err := affected(res, err, "user "+id); err != nil {
			return err
		}
		_, err = t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		return err
	})
}

// DeleteUser removes an account with its sessions and group memberships.
// Errors: fault.NotFound.
func (s *Store) DeleteUser(ctx context.Context, id string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		for _, q := range []string{"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM scim_members WHERE user_id = ?"} {
			if _, err := t.exec(ctx, q, id); err != nil {
				return err
			}
		}
		res, err := t.exec(ctx, "DELETE FROM users WHERE id = ?", id)
		return affected(res, err, "user "+id)
	})
}

// UserByID returns an account. Errors: fault.NotFound.
func (s *Store) UserByID(ctx context.Context, id string) (auth.User, error) {
	return s.oneUser(ctx, "id = ?", id)
}

// UserByEmail returns the account with an email address, compared
// case-insensitively. Errors: fault.NotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	return s.oneUser(ctx, "email_key = ?", strings.ToLower(email))
}

func (s *Store) oneUser(ctx context.Context, where string, arg any) (auth.User, error) {
	u, err := scanUser(s.queryRowRead(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg))
	if err != nil {
		return auth.User{}, notFound(err, fmt.Sprintf("user %v", arg))
	}
	u.Groups, err = s.userGroups(ctx, u.ID)
	return u, err
}

// userGroups is the display names of the SCIM groups u belongs to.
func (s *Store) userGroups(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.queryRead(ctx, `SELECT g.display_name FROM scim_members m JOIN scim_groups g ON g.id = m.group_id
		WHERE m.user_id = ? ORDER BY g.display_name_key`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Users returns the accounts matching q, ordered by email, and how many match.
func (s *Store) Users(ctx context.Context, q auth.UserQuery) ([]auth.User, int, error) {
	var where []string
	var args []any
	if q.Email != "" {
		where, args = append(where, "email_key = ?"), append(args, strings.ToLower(q.Email))
	}
	if q.ExternalID != "" {
		where, args = append(where, "external_id = ?"), append(args, q.ExternalID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM users"+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := pageClause(q.Offset, q.Limit)
	rows, err := s.queryRead(ctx, "SELECT "+userColumns+" FROM users"+cond+" ORDER BY email_key, id"+page, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	for i := range out {
		if out[i].Groups, err = s.userGroups(ctx, out[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// pageClause is LIMIT/OFFSET from validated integers (never user text).
func pageClause(offset, limit int) string {
	out := ""
	if limit > 0 {
		out += fmt.Sprintf(" LIMIT %d", limit)
	} else if offset > 0 {
		out += " LIMIT 1000000000"
	}
	if offset > 0 {
		out += fmt.Sprintf(" OFFSET %d", offset)
	}
	return out
}

// CountUsers returns how many accounts exist (0 before bootstrap).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}

func scanUser(r scanner) (auth.User, error) {
	var u auth.User
	var kind, grants, groups, attrs string
	var ext sql.NullString
	var locked, created, updated, expires int64
	err := r.Scan(&u.ID, &u.Email, &u.Name, &kind, &u.Active, &u.PasswordHash, &u.MustChangePassword, &u.TOTPSecret,
		&u.TOTPLastStep, &u.FailedAttempts, &locked, &ext, &grants, &groups, &attrs, &created, &updated, &expires, &u.Ward, &u.Party)
	if err != nil {
		return u, err
	}
	u.Kind, u.ExternalID = access.Kind(kind), ext.String
	if locked != 0 {
		u.LockedUntil = fromMicros(locked)
	}
	u.CreatedAt, u.UpdatedAt, u.SecretExpiresAt = fromMicros(created), fromMicros(updated), fromZeroMicros(expires)
	if err := json.Unmarshal([]byte(grants), &u.Grants); err != nil {
		return u, fmt.Errorf("user %s grants: %w", u.ID, err)
	}
	if err := json.Unmarshal([]byte(groups), &u.SSOGroups); err != nil {
		return u, fmt.Errorf("user %s groups: %w", u.ID, err)
	}
	if attrs != "{}" && attrs != "" {
		u.Attributes = json.RawMessage(attrs)
	}
	return u, nil
}

// UpdateGrants stores only an account's direct grants. Errors: fault.NotFound.
func (s *Store) UpdateGrants(ctx context.Context, u auth.User, entries ...audit.Entry) error {
	grants, err := jsonText(orEmpty(u.Grants))
	if err != nil {
		return err
	}
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE users SET grants = ?, updated_at = ? WHERE id = ?", grants, micros(t.now), u.ID)
		return affected(res, err, "user "+u.ID)
	})
}

// UpdateSSO stores only an account's name and SSO groups. Errors: fault.NotFound.
func (s *Store) UpdateSSO(ctx context.Context, u auth.User) error {
	groups, err := jsonText(orEmpty(u.SSOGroups))
	if err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE users SET name = ?, sso_groups = ?, updated_at = ? WHERE id = ?", u.Name, groups, micros(t.now), u.ID)
		return affected(res, err, "user "+u.ID)
	})
}
