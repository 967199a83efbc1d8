package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// directoryPage is how many accounts Assignable and Names read at a time, so
// a council of thousands of staff is never held in memory at once.
const directoryPage = 500

// Assignable lists, by name, the active staff who may be given a case of a
// service owned by team: members of team holding one of roles in it. This
// is the one rule for who can hold a case, so no case is ever assigned to
// someone who cannot open it (or to text that names nobody).
func (s *Service) Assignable(ctx context.Context, team string, roles []string) ([]access.Officer, error) {
	var out []access.Officer
	err := s.eachUser(ctx, func(u User) {
		if !u.Active || u.Kind == access.KindCouncillor {
			return
		}
		p := s.PrincipalOf(u, false)
		if !p.InTeam(team) || !slices.ContainsFunc(roles, func(r string) bool { return p.HasRole(r, team) }) {
			return
		}
		out = append(out, access.Officer{ID: u.ID, Name: displayName(u), Email: u.Email})
	})
	slices.SortFunc(out, func(a, b access.Officer) int {
		return strings.Compare(strings.ToLower(a.Name)+a.ID, strings.ToLower(b.Name)+b.ID)
	})
	return out, err
}

// Names gives the display name of each account id in ids that exists;
// unknown ids are left out, so a caller can show what it has.
func (s *Service) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		if id == "" || out[id] != "" {
			continue
		}
		u, err := s.store.UserByID(ctx, id)
		if err != nil {
			continue // a deleted account keeps its id in history
		}
		out[id] = displayName(u)
	}
	return out, nil
}

// displayName is the account's name, or its email when it has none.
func displayName(u User) string {
	if n := strings.TrimSpace(u.Name); n != "" {
		return n
	}
	return u.Email
}

func (s *Service) eachUser(ctx context.Context, fn func(User)) error {
	for offset := 0; ; offset += directoryPage {
		us, _, err := s.store.Users(ctx, UserQuery{Offset: offset, Limit: directoryPage})
		if err != nil {
			return err
		}
		for _, u := range us {
			fn(u)
		}
		if len(us) < directoryPage {
			return nil
		}
	}
}
