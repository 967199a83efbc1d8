package store

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

var _ auth.PasskeyStore = (*Store)(nil)

// CreatePasskey stores a passkey. Errors: fault.Conflict if its id exists.
func (s *Store) CreatePasskey(ctx context.Context, p auth.Passkey) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO passkeys (id, user_id, name, credential, created_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.ID, p.UserID, p.Name, string(p.Credential), micros(p.CreatedAt), micros(p.LastUsedAt))
		return err
	})
}

// Passkeys lists a user's passkeys, oldest first.
func (s *Store) Passkeys(ctx context.Context, userID string) ([]auth.Passkey, error) {
	rows, err := s.queryRead(ctx, `SELECT id, user_id, name, credential, created_at, last_used_at FROM passkeys
		WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auth.Passkey
	for rows.Next() {
		var p auth.Passkey
		var cred string
		var created, used int64
		if err := rows.Scan(&p.ID, &p.UserID, &p.Name, &cred, &created, &used); err != nil {
			return nil, err
		}
		p.Credential, p.CreatedAt, p.LastUsedAt = []byte(cred), fromMicros(created), fromMicros(used)
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdatePasskey stores a passkey's new credential record and last use.
// Errors: fault.NotFound.
func (s *Store) UpdatePasskey(ctx context.Context, p auth.Passkey) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE passkeys SET credential = ?, last_used_at = ? WHERE id = ? AND user_id = ?",
			string(p.Credential), micros(p.LastUsedAt), p.ID, p.UserID)
		return affected(res, err, "passkey "+p.ID)
	})
}

// DeletePasskeys removes every passkey of a user.
func (s *Store) DeletePasskeys(ctx context.Context, userID string) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, "DELETE FROM passkeys WHERE user_id = ?", userID)
		return err
	})
}
