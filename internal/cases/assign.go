package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// Assign gives a case to an officer ("" unassigns). version is the version p
// read (0 skips the check). Errors: fault.NotFound, fault.Forbidden,
// fault.Conflict (stale).
func (s *Service) Assign(ctx context.Context, p auth.Principal, ref, assignee string, version int) (Case, error) {
	c, err := s.forAct(ctx, p, ref, version)
	if err != nil {
		return Case{}, err
	}
	ch := s.assignChange(p, c, assignee, s.now().UTC())
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Case{}, fmt.Errorf("assign %s: %w", c.Ref, err)
	}
	return ch.Case, nil
}

// BulkAssign gives many cases to one officer, all or none: one case p may not
// act on, or one that does not exist, fails the lot.
func (s *Service) BulkAssign(ctx context.Context, p auth.Principal, refs []string, assignee string) error {
	now := s.now().UTC()
	changes := make([]Change, 0, len(refs))
	for _, ref := range refs {
		c, err := s.forAct(ctx, p, ref, 0)
		if err != nil {
			return err
		}
		changes = append(changes, s.assignChange(p, c, assignee, now))
	}
	if err := s.Store.ApplyChanges(ctx, changes...); err != nil {
		return fmt.Errorf("bulk assign: %w", err)
	}
	return nil
}

func (s *Service) assignChange(p auth.Principal, c Case, assignee string, now time.Time) Change {
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
