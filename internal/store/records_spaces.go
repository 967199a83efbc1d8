package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// SearchSpaces returns up to limit of the newest collaboration spaces whose
// name holds every one of q.Words, meeting q's filters and let through by
// q.Access, with their members (records.SearchStore). A council has
// hundreds of spaces, not millions: their names are matched directly.
func (s *Store) SearchSpaces(ctx context.Context, q records.SpaceQuery, limit int) ([]records.Space, error) {
	var w where
	for _, word := range q.Words {
		w.add("lower(sp.name) LIKE ? ESCAPE '\\'", "%"+likePrefix(strings.ToLower(word)))
	}
	if q.Team != "" {
		w.add("sp.team = ?", q.Team)
	}
	if q.Classification != "" {
		w.add("sp.classification = ?", string(q.Classification))
	}
	if !q.From.IsZero() {
		w.add("sp.created_at >= ?", micros(q.From))
	}
	if !q.To.IsZero() {
		w.add("sp.created_at < ?", micros(q.To))
	}
	addRecordScope(&w, q.Access, "sp", "sp.id")
	rows, err := s.queryRead(ctx, "SELECT sp.id, sp.name, sp.team, sp.classification, sp.created_by, sp.created_at FROM record_spaces sp"+
		w.sql()+" ORDER BY sp.id DESC LIMIT ?", append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search spaces: %w", err)
	}
	defer rows.Close()
	var out []records.Space
	byID := map[int64]int{}
	for rows.Next() {
		var sp records.Space
		var class string
		var at int64
		if err := rows.Scan(&sp.ID, &sp.Name, &sp.Team, &class, &sp.CreatedBy, &at); err != nil {
			return nil, err
		}
		sp.Classification, sp.CreatedAt = service.Classification(class), fromMicros(at)
		byID[sp.ID] = len(out)
		out = append(out, sp)
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	return out, s.spaceMembers(ctx, out, byID)
}

// spaceMembers fills the members of spaces (at byID's positions), in one
// query: the policy needs them to decide on each space.
func (s *Store) spaceMembers(ctx context.Context, spaces []records.Space, byID map[int64]int) error {
	ids := make([]any, len(spaces))
	for i, sp := range spaces {
		ids[i] = sp.ID
	}
	rows, err := s.queryRead(ctx, "SELECT space_id, email FROM record_space_members WHERE space_id IN ("+placeholders(len(ids))+") ORDER BY space_id, email", ids...)
	if err != nil {
		return fmt.Errorf("space members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return err
		}
		spaces[byID[id]].Members = append(spaces[byID[id]].Members, email)
	}
	return rows.Err()
}

// SpaceDocuments returns up to limit of the documents filed in a space,
// the most recently changed first (records.DocumentStore).
func (s *Store) SpaceDocuments(ctx context.Context, spaceID int64, limit int) ([]records.Document, error) {
	rows, err := s.queryRead(ctx, "SELECT "+documentColumns+" FROM record_documents d WHERE d.space_id = ? ORDER BY d.updated_at DESC, d.id DESC LIMIT ?", spaceID, limit)
	if err != nil {
		return nil, fmt.Errorf("documents of space %d: %w", spaceID, err)
	}
	return scanDocuments(rows)
}

// AddSpaceMember adds a member to a space, with e, in one transaction
// (records.DocumentStore). Errors: fault.Conflict when they already are one.
func (s *Store) AddSpaceMember(ctx context.Context, spaceID int64, email, by string, at time.Time, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "INSERT INTO record_space_members (space_id, email, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			spaceID, strings.ToLower(strings.TrimSpace(email)), by, micros(at))
		if err != nil {
			return fmt.Errorf("add space member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "%s is already a member of this space", email)
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

// AddSpaceNote writes a note in a space and e, in one transaction,
// returning the note's id (records.DocumentStore).
func (s *Store) AddSpaceNote(ctx context.Context, n records.SpaceNote, e audit.Entry) (int64, error) {
	var id int64
	err := s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "INSERT INTO record_space_notes (space_id, body, author, author_name, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			n.SpaceID, n.Body, n.Author, n.AuthorName, micros(n.CreatedAt)).Scan(&id)
		if err != nil {
			return fmt.Errorf("add space note: %w", err)
		}
		e.Detail = audit.Detail(map[string]any{"note": id})
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return id, err
}

// SpaceNotes returns up to limit of a space's notes, newest first
// (records.DocumentStore).
func (s *Store) SpaceNotes(ctx context.Context, spaceID int64, limit int) ([]records.SpaceNote, error) {
	rows, err := s.queryRead(ctx, "SELECT id, space_id, body, author, author_name, created_at FROM record_space_notes WHERE space_id = ? ORDER BY id DESC LIMIT ?", spaceID, limit)
	if err != nil {
		return nil, fmt.Errorf("notes of space %d: %w", spaceID, err)
	}
	defer rows.Close()
	var out []records.SpaceNote
	for rows.Next() {
		var n records.SpaceNote
		var at int64
		if err := rows.Scan(&n.ID, &n.SpaceID, &n.Body, &n.Author, &n.AuthorName, &at); err != nil {
			return nil, err
		}
		n.CreatedAt = fromMicros(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
