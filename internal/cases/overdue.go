package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
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
			if errors.Is(err, fault.Conflict) || errors.Is(err, errNotOverdue) || errors.Is(err, errRestrictedNow) {
				continue // changed meanwhile, its clock had stopped, or it may not be worked: nothing to send
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

// errNotOverdue means a case the store listed as overdue was not: its clock
// had stopped under the current definition. The corrected case is stored.
var errNotOverdue = errors.New("cases: not overdue")

// errRestrictedNow means the policy refused the platform work on the case
// (a restriction of processing): it is marked overdue once lifted, if it
// still is.
var errRestrictedNow = errors.New("cases: processing restricted")

func (s *Service) markOverdue(ctx context.Context, c Case) error {
	if !s.ask(access.System, access.ActionAct, c).Allow {
		return errRestrictedNow
	}
	now := s.now().UTC()
	if def, err := s.definition(c.ServiceID); err == nil {
		fixed, changed, err := s.reconcileClock(def, c)
		if err != nil {
			return err
		}
		if changed && !fixed.Overdue(now) {
			fixed.Version++
			ch := Change{Case: fixed, ExpectVersion: c.Version}
			if o, ok := fixed.History.LastOutcome(); ok && len(fixed.History.Outcomes) > len(c.History.Outcomes) {
				ch.Outcomes = []Outcome{o}
			}
			if err := s.Store.ApplyChanges(ctx, ch); err != nil {
				return err
			}
			return errNotOverdue
		}
	}
	before := c.Version
	c.OverdueNotified, c.UpdatedAt, c.Version = true, now, c.Version+1
	ch := Change{Case: c, ExpectVersion: before,
		Events: []Event{{At: now, Actor: access.System.UserID, ActorName: access.System.Name, Kind: EventOverdue, Visibility: Internal}},
		Audit:  []audit.Entry{caseEntry(now, access.System.UserID, AuditOverdue, c, nil)},
	}
	if def, err := s.definition(c.ServiceID); err == nil {
		ch.Outbox = s.notifications(ctx, def, c, notice{event: service.EventOverdue}, now)
	}
	ch.Outbox = append(ch.Outbox, webhook("case.overdue", c, "", now))
	return s.Store.ApplyChanges(ctx, ch)
}

// reconcileClock brings the clock of a case stored under an older
// definition into line with the current one: a case sitting in a state that
// now stops the clock for the requester, or that now marks the response, is
// treated as having stopped when it entered that state (its last update).
// It reports whether anything changed.
func (s *Service) reconcileClock(def *service.Definition, c Case) (Case, bool, error) {
	st, h := stateOf(def, c.State), c.History.clone()
	entered := c.UpdatedAt
	switch {
	case h.Stopped != nil:
		return c, false, nil
	case st.RestartsClock && h.Waiting == nil:
		h.Waiting = &entered
	case st.CompletesClock || st.CancelsClock:
		if st.CompletesClock {
			o, ok, err := s.outcome(def, h, entered)
			if err != nil {
				return c, false, err
			}
			if ok {
				h.Outcomes = append(h.Outcomes, o)
			}
		}
		h.Stopped = &entered
	default:
		return c, false, nil
	}
	c.History = h
	if err := s.setClock(&c, def); err != nil {
		return c, false, err
	}
	return c, true, nil
}
