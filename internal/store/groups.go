package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

// PutTeam creates or renames a team.
func (s *Store) PutTeam(ctx context.Context, tm access.Team, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO teams (id, name) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name`, tm.ID, tm.Name)
		return err
	})
}

// Teams lists teams by id.
func (s *Store) Teams(ctx context.Context) ([]access.Team, error) {
	rows, err := s.queryRead(ctx, "SELECT id, name FROM teams ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Team
	for rows.Next() {
		var tm access.Team
		if err := rows.Scan(&tm.ID, &tm.Name); err != nil {
			return nil, err
		}
		out = append(out, tm)
	}
	return out, rows.Err()
}

// CreateGroup stores a SCIM group and its members. Errors: fault.Conflict
// when the display name (case-insensitively) is taken.
func (s *Store) CreateGroup(ctx context.Context, g auth.Group, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO scim_groups (id, display_name, display_name_key, external_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, g.ID, g.DisplayName, strings.ToLower(g.DisplayName), nullString(g.ExternalID),
			micros(g.CreatedAt), micros(g.UpdatedAt))
		if err != nil {
			return err
		}
		return setMembers(ctx, t, g.ID, g.Members)
	})
}

// UpdateGroup replaces a group's name, external id and members. Errors:
// fault.NotFound, fault.Conflict.
func (s *Store) UpdateGroup(ctx context.Context, g auth.Group, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE scim_groups SET display_name = ?, display_name_key = ?, external_id = ?, updated_at = ?
			WHERE id = ?`, g.DisplayName, strings.ToLower(g.DisplayName), nullString(g.ExternalID), micros(g.UpdatedAt), g.ID)
		if err := affected(res, err, "group "+g.ID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM scim_members WHERE group_id = ?", g.ID); err != nil {
			return err
		}
		return setMembers(ctx, t, g.ID, g.Members)
	})
}

// setMembers adds members, ignoring ids of users that do not exist (Entra may
// send a member before provisioning the user, or after deleting it).
func setMembers(ctx context.Context, t *tx, groupID string, members []string) error {
	for _, m := range members {
		_, err := t.exec(ctx, `INSERT INTO scim_members (group_id, user_id) SELECT ?, id FROM users WHERE id = ?
			ON CONFLICT DO NOTHING`, groupID, m)
		if err != nil {
			return err
		}
	}
	return nil
}

// DeleteGroup removes a group and its memberships. Errors: fault.NotFound.
func (s *Store) DeleteGroup(ctx context.Context, id string, entries ...audit.Entry) error {
	return s.withAudit(ctx, entries, func(t *tx) error {
		if _, err := t.exec(ctx, "DELETE FROM scim_members WHERE group_id = ?", id); err != nil {
			return err
		}
		res, err := t.exec(ctx, "DELETE FROM scim_groups WHERE id = ?", id)
		return affected(res, err, "group "+id)
	})
}

// GroupByID returns a group with its members. Errors: fault.NotFound.
func (s *Store) GroupByID(ctx context.Context, id string) (auth.Group, error) {
	gs, _, err := s.groups(ctx, " WHERE id = ?", []any{id}, "")
	if err != nil {
		return auth.Group{}, err
	}
	if len(gs) == 0 {
		return auth.Group{}, notFound(sql.ErrNoRows, "group "+id)
	}
	return gs[0], nil
}

// Groups returns groups matching q by display name, and how many match.
func (s *Store) Groups(ctx context.Context, q auth.GroupQuery) ([]auth.Group, int, error) {
	var where []string
	var args []any
	if q.DisplayName != "" {
		where, args = append(where, "display_name_key = ?"), append(args, strings.ToLower(q.DisplayName))
	}
	if q.ExternalID != "" {
		where, args = append(where, "external_id = ?"), append(args, q.ExternalID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return s.groups(ctx, cond, args, pageClause(q.Offset, q.Limit))
}

func (s *Store) groups(ctx context.Context, cond string, args []any, page string) ([]auth.Group, int, error) {
	var total int
	if err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM scim_groups"+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.queryRead(ctx, `SELECT id, display_name, external_id, created_at, updated_at FROM scim_groups`+
		cond+" ORDER BY display_name_key, id"+page, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []auth.Group
	for rows.Next() {
		var g auth.Group
		var ext sql.NullString
		var created, updated int64
		if err := rows.Scan(&g.ID, &g.DisplayName, &ext, &created, &updated); err != nil {
			return nil, 0, err
		}
		g.ExternalID, g.CreatedAt, g.UpdatedAt = ext.String, fromMicros(created), fromMicros(updated)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	for i := range out {
		if out[i].Members, err = s.groupMembers(ctx, out[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

func (s *Store) groupMembers(ctx context.Context, id string) ([]string, error) {
	rows, err := s.queryRead(ctx, "SELECT user_id FROM scim_members WHERE group_id = ? ORDER BY user_id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
