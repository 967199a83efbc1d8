package store

import (
	"context"
	"fmt"
	"strings"

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
