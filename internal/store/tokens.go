package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

const tokenColumns = "id, name, hash, services, can_write, grants, created_by, created_at, revoked_at"

// CreateToken stores an API token (only the hash of its secret). Errors:
// fault.Conflict if the hash exists (which a random 256-bit secret never does).
func (s *Store) CreateToken(ctx context.Context, tk auth.Token, entries ...audit.Entry) error {
	services, err := jsonText(orEmpty(tk.Services))
	if err != nil {
		return err
	}
	grants, err := jsonText(orEmpty(tk.Grants))
	if err != nil {
		return err
	}
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, "INSERT INTO api_tokens ("+tokenColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			tk.ID, tk.Name, tk.Hash, services, tk.Write, grants, tk.CreatedBy, micros(tk.CreatedAt), revokedArg(tk.RevokedAt))
		return err
	})
}

func revokedArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micros(t)
}

// TokenByHash returns the token whose secret hashes to hash, revoked or not.
// Errors: fault.NotFound.
func (s *Store) TokenByHash(ctx context.Context, hash string) (auth.Token, error) {
	tk, err := scanToken(s.queryRowRead(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE hash = ?", hash))
	return tk, notFound(err, "token")
}

// Tokens lists every token, newest first.
func (s *Store) Tokens(ctx context.Context) ([]auth.Token, error) {
	rows, err := s.queryRead(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY created_at DESC, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auth.Token
	for rows.Next() {
		tk, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

// RevokeToken marks a token revoked at time at (keeping the first time if it
// was already revoked). Errors: fault.NotFound.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), id)
		return affected(res, err, "token "+id)
	})
}

func scanToken(r scanner) (auth.Token, error) {
	var tk auth.Token
	var services, grants string
	var created int64
	var revoked sql.NullInt64
	err := r.Scan(&tk.ID, &tk.Name, &tk.Hash, &services, &tk.Write, &grants, &tk.CreatedBy, &created, &revoked)
	if err != nil {
		return tk, err
	}
	tk.CreatedAt = fromMicros(created)
	if revoked.Valid {
		tk.RevokedAt = fromMicros(revoked.Int64)
	}
	if err := json.Unmarshal([]byte(services), &tk.Services); err != nil {
		return tk, fmt.Errorf("token %s services: %w", tk.ID, err)
	}
	if len(tk.Services) == 0 {
		tk.Services = nil
	}
	if err := json.Unmarshal([]byte(grants), &tk.Grants); err != nil {
		return tk, fmt.Errorf("token %s grants: %w", tk.ID, err)
	}
	return tk, nil
}
