package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Directory is what the service definitions name: the teams that own
// services and the roles their workflows give work to. Grants are checked
// against it (and the teams an administrator has added), so a typing slip
// cannot give a role nobody asks for, in a team that owns nothing.
type Directory struct {
	Teams    []string
	Roles    []string
	Services []ServiceStaffing
}

// ServiceStaffing is one service as staffing sees it: the team that owns it,
// the roles that work it and, from Staffing, how many people can.
type ServiceStaffing struct {
	ID, Name, Team string
	Roles          []string
	// Officers is how many active staff may be given its cases; 0 means
	// unstaffed: its cases are in no one's queue to work.
	Officers int
}

// builtinRoles are roles the platform itself gives meaning to.
var builtinRoles = []string{access.RoleAdministrator, access.RoleAuditor, access.RoleMember, "councillor", access.RoleTeamLeader}

// CheckGrants refuses (fault.Invalid, naming the grant) any grant whose role
// no service or the platform uses, or whose team is neither "*", a team of
// a service definition, nor one an administrator has added. Without
// Options.Directory only the form of each grant was checked when parsed.
func (s *Service) CheckGrants(ctx context.Context, gs []access.Grant) error {
	if s.opt.Directory == nil || len(gs) == 0 {
		return nil
	}
	dir := s.opt.Directory()
	stored, err := s.store.Teams(ctx)
	if err != nil {
		return err
	}
	teams := slices.Clone(dir.Teams)
	for _, t := range stored {
		teams = append(teams, t.ID)
	}
	roles := append(slices.Clone(builtinRoles), dir.Roles...)
	for _, g := range gs {
		if !slices.Contains(roles, g.Role) {
			return fault.New(fault.Invalid, "%s@%s: no service uses the role %q (roles: %s)", g.Role, g.Team, g.Role, strings.Join(sortedUnique(roles), ", "))
		}
		if g.Team != "*" && !slices.Contains(teams, g.Team) {
			return fault.New(fault.Invalid, "%s@%s: there is no team %q (add it on the teams page first)", g.Role, g.Team, g.Team)
		}
	}
	return nil
}

// CheckGroupMap checks every grant of a group map, naming the group.
func (s *Service) CheckGroupMap(ctx context.Context, m map[string][]access.Grant) error {
	for group, gs := range m {
		if err := s.CheckGrants(ctx, gs); err != nil {
			return fmt.Errorf("group %q: %w", group, err)
		}
	}
	return nil
}

func sortedUnique(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// Staffing lists every service with the number of officers who may be given
// its cases (as Assignable decides), unstaffed ones first, so an
// administrator sees at once a service whose cases nobody can work.
func (s *Service) Staffing(ctx context.Context, actor access.Principal) ([]ServiceStaffing, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	if s.opt.Directory == nil {
		return nil, nil
	}
	out := slices.Clone(s.opt.Directory().Services)
	for i := range out {
		officers, err := s.Assignable(ctx, out[i].Team, out[i].Roles)
		if err != nil {
			return nil, err
		}
		out[i].Officers = len(officers)
	}
	slices.SortStableFunc(out, func(a, b ServiceStaffing) int {
		if (a.Officers == 0) != (b.Officers == 0) {
			if a.Officers == 0 {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
