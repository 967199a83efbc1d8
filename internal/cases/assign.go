package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// Assign gives a case to an officer ("" unassigns). version is the version p
// read (0 skips the check). Errors: fault.NotFound, fault.Forbidden,
// fault.Conflict (stale).
func (s *Service) Assign(ctx context.Context, p access.Principal, ref, assignee string, version int) (Case, error) {
	c, err := s.forAct(ctx, p, ref, version)
	if err != nil {
		return Case{}, err
	}
	if err := s.checkAssignee(ctx, c, assignee); err != nil {
		return Case{}, err
	}
	ch := s.assignChange(p, c, assignee, s.now().UTC())
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Case{}, fmt.Errorf("assign %s: %w", c.Ref, err)
	}
	return ch.Case, nil
}

// BulkAssign gives many cases to one officer, all or none: one case p may not
// act on, one whose team p does not lead (access.ActionBulkAssign), or one
// that does not exist, fails the lot. Errors: fault.NotFound,
// fault.Forbidden, fault.Invalid (an assignee who cannot work a case).
func (s *Service) BulkAssign(ctx context.Context, p access.Principal, refs []string, assignee string) error {
	now := s.now().UTC()
	changes := make([]Change, 0, len(refs))
	for _, ref := range refs {
		c, err := s.forAct(ctx, p, ref, 0)
		if err != nil {
			return err
		}
		if d := s.ask(p, access.ActionBulkAssign, c); !d.Allow {
			return fault.New(fault.Forbidden, "case %s: %s", c.Ref, d.Reason)
		}
		if err := s.checkAssignee(ctx, c, assignee); err != nil {
			return err
		}
		changes = append(changes, s.assignChange(p, c, assignee, now))
	}
	if err := s.Store.ApplyChanges(ctx, changes...); err != nil {
		return fmt.Errorf("bulk assign: %w", err)
	}
	return nil
}

// Assignable lists, by name, the officers case ref may be given to: the
// active members of its team who hold a role on its service. It is what the
// workspace offers, and checkAssignee refuses anyone else. Errors as Assign.
func (s *Service) Assignable(ctx context.Context, p access.Principal, ref string) ([]access.Officer, error) {
	c, err := s.forAct(ctx, p, ref, 0)
	if err != nil {
		return nil, err
	}
	return s.assignable(ctx, c)
}

func (s *Service) assignable(ctx context.Context, c Case) ([]access.Officer, error) {
	if s.Staff == nil {
		return nil, nil
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return nil, err
	}
	return s.Staff.Assignable(ctx, c.Team, def.Roles)
}

// checkAssignee refuses to give c to anyone but an officer Assignable
// offers: text naming nobody, a leaver or someone outside the team would
// take the case out of every queue that can see it. "" (unassign) is allowed.
func (s *Service) checkAssignee(ctx context.Context, c Case, assignee string) error {
	if assignee == "" {
		return nil
	}
	officers, err := s.assignable(ctx, c)
	if err != nil {
		return err
	}
	for _, o := range officers {
		if o.ID == assignee {
			return nil
		}
	}
	return fault.New(fault.Invalid, "case %s can only be assigned to an active member of team %s with a role on this service: choose an officer from the list", c.Ref, c.Team)
}

// OfficerNames gives the display names of account ids (assignees, actors),
// so pages show people by name. Unknown ids are left out.
func (s *Service) OfficerNames(ctx context.Context, ids []string) map[string]string {
	if s.Staff == nil {
		return map[string]string{}
	}
	names, err := s.Staff.Names(ctx, ids)
	if err != nil {
		s.logger().Warn("officer names", "err", err)
		return map[string]string{}
	}
	return names
}

func (s *Service) assignChange(p access.Principal, c Case, assignee string, now time.Time) Change {
	before := c.Version
	from := c.Assignee
	c.Assignee, c.UpdatedAt, c.Version = assignee, now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventAssigned, Assignee: assignee, Visibility: Internal}
	return Change{
		Case: c, ExpectVersion: before, Events: []Event{ev},
		Outbox: []jobs.Message{webhook("case.assigned", c, "", now)},
		Audit:  []audit.Entry{caseEntry(now, actor, AuditAssign, c, map[string]any{"from": from, "to": assignee})},
	}
}
