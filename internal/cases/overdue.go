package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// overdueBatch is how many overdue cases one round handles.
const overdueBatch = 100

// CheckOverdue queues the overdue notification of every open, unpaused case
// past its due date, exactly once per case (the flag is set in the same
// transaction as the message), and returns how many it queued. The jobs
// worker runs it every minute.
func (s *Service) CheckOverdue(ctx context.Context) (int, error) {
	n := 0
	for {
		due, err := s.Store.OverdueCases(ctx, s.now().UTC(), overdueBatch)
		if err != nil {
			return n, err
		}
		done := 0
		for _, c := range due {
			err := s.markOverdue(ctx, c)
			if errors.Is(err, fault.Conflict) {
				continue // changed meanwhile: the next round sees it afresh
			}
			if err != nil {
				return n, fmt.Errorf("overdue %s: %w", c.Ref, err)
			}
			done++
		}
		n += done
		if len(due) < overdueBatch || done == 0 {
			return n, nil
		}
	}
}

func (s *Service) markOverdue(ctx context.Context, c Case) error {
	now := s.now().UTC()
	before := c.Version
	c.OverdueNotified, c.UpdatedAt, c.Version = true, now, c.Version+1
	ch := Change{Case: c, ExpectVersion: before,
		Events: []Event{{At: now, Actor: auth.System.UserID, ActorName: auth.System.Name, Kind: EventOverdue, Visibility: Internal}},
		Audit:  []audit.Entry{caseEntry(now, auth.System.UserID, AuditOverdue, c, nil)},
	}
	if def, err := s.definition(c.ServiceID); err == nil {
		ch.Outbox = s.notifications(ctx, def, c, notice{event: service.EventOverdue}, now)
	}
	ch.Outbox = append(ch.Outbox, webhook("case.overdue", c, "", now))
	return s.Store.ApplyChanges(ctx, ch)
}
