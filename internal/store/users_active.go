package store

import (
	"context"
	"errors"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

// DisableUserBy marks an account inactive, records by (auth.DisabledBy…)
// as the authority that disabled it, and deletes its sessions, in one
// transaction. An account already disabled keeps the authority that
// disabled it unless by is an administrator, the stronger one: an identity
// provider disabling an account an administrator disabled changes nothing.
// Errors: fault.NotFound.
func (s *Store) DisableUserBy(ctx context.Context, id, by string, entries ...audit.Entry) error {
	override := by == auth.DisabledByAdministrator
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET active = ?,
			disabled_by = CASE WHEN active OR ? THEN ? ELSE disabled_by END, updated_at = ? WHERE id = ?`,
			false, override, by, micros(t.now), id)
		if err := affected(res, err, "user "+id); err != nil {
			return err
		}
		_, err = t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		return err
	})
}

// EnableUserBy makes an account active again (and clears its failure
// count) when by may: an administrator always, anyone else only if it was
// the authority that disabled the account. The check and the change are one
// statement, so a disable racing it is never undone. It reports whether the
// account is active afterwards; entries are appended only when it was
// enabled by this call. Errors: fault.NotFound.
func (s *Store) EnableUserBy(ctx context.Context, id, by string, entries ...audit.Entry) (bool, error) {
	var active bool
	err := s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET active = ?, disabled_by = '', failed_attempts = 0, updated_at = ?
			WHERE id = ? AND NOT active AND (? OR disabled_by = ?)`,
			true, micros(t.now), id, by == auth.DisabledByAdministrator, by)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			active = err == nil
			return err
		}
		// Nothing changed: already active, or refused. Either way the
		// entries (which say "enabled") must not be written.
		if err := t.queryRow(ctx, "SELECT active FROM users WHERE id = ?", id).Scan(&active); err != nil {
			return notFound(err, "user "+id)
		}
		return errUnchanged
	})
	if errors.Is(err, errUnchanged) {
		return active, nil
	}
	return active, err
}

// errUnchanged rolls back a write that turned out to change nothing, so
// that its audit entries are not appended.
var errUnchanged = errors.New("store: nothing changed")

// DisabledBy returns who disabled an account: auth.DisabledBy… or "" for an
// active account. Errors: fault.NotFound.
func (s *Store) DisabledBy(ctx context.Context, id string) (string, error) {
	var by string
	err := s.queryRowRead(ctx, "SELECT disabled_by FROM users WHERE id = ?", id).Scan(&by)
	return by, notFound(err, "user "+id)
}

// UpdateProvisioned stores only the fields an identity provider manages
// (email, name, external id, SCIM attributes), never active: enabling and
// disabling go through EnableUserBy and DisableUserBy. Errors:
// fault.NotFound, fault.Conflict (email or external id taken).
func (s *Store) UpdateProvisioned(ctx context.Context, u auth.User, entries ...audit.Entry) error {
	attrs := "{}"
	if len(u.Attributes) > 0 {
		attrs = string(u.Attributes)
	}
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET email_key = ?, email = ?, name = ?, external_id = ?, attributes = ?, updated_at = ?
			WHERE id = ?`, strings.ToLower(u.Email), u.Email, u.Name, nullString(u.ExternalID), attrs, micros(t.now), u.ID)
		return affected(res, err, "user "+u.ID)
	})
}
