package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Transition moves a case along its workflow. p must hold one of the
// transition's roles in the case's team; the transition's fields are
// validated; the clock pauses, restarts or extends as the states say; a
// terminal state closes the case. version is the version p read (0 skips the
// check). Errors: fault.NotFound, fault.Forbidden (role), fault.Invalid
// (unknown transition from this state, or field errors), fault.Conflict (stale).
func (s *Service) Transition(ctx context.Context, p access.Principal, ref, transitionID string, fields service.Answers, version int) (Case, error) {
	c, err := s.forAct(ctx, p, ref, version)
	if err != nil {
		return Case{}, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return Case{}, err
	}
	t, err := transitionFor(def, c, transitionID)
	if err != nil {
		return Case{}, err
	}
	if !mayTransition(p, t, c, def) {
		return Case{}, errForbidden("transition %q needs one of the roles %v", t.ID, t.Roles)
	}
	if fields == nil {
		fields = service.Answers{}
	}
	if err := validateFields(t, fields, s.now()); err != nil {
		return Case{}, err
	}
	if err := s.checkTeamFields(ctx, t, fields); err != nil {
		return Case{}, err
	}
	ch, err := s.transitionChange(ctx, p, def, c, t, fields)
	if err != nil {
		return Case{}, err
	}
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Case{}, fmt.Errorf("transition %s: %w", c.Ref, err)
	}
	return ch.Case, nil
}

func transitionFor(def *service.Definition, c Case, id string) (service.Transition, error) {
	t, ok := def.Transition(id)
	if !ok {
		return service.Transition{}, fault.New(fault.Invalid, "service %s has no transition %q", def.ID, id)
	}
	if !slices.Contains(t.From, c.State) {
		return t, fault.New(fault.Invalid, "transition %q is not possible from %q", id, c.State)
	}
	return t, nil
}

// mayTransition: the platform may always; others need one of the roles, in
// the team that holds the case or in the team that owns the service (which
// keeps its part after sending a case to another team).
func mayTransition(p access.Principal, t service.Transition, c Case, def *service.Definition) bool {
	if p.Kind == access.KindSystem {
		return true
	}
	for _, r := range t.Roles {
		if p.HasRole(r, c.Team) || p.HasRole(r, def.Team) {
			return true
		}
	}
	return false
}

// MayWork reports whether p may work case c (note, assign, apply
// transitions): staff whom the access policy lets act on it. Councillors
// follow their enquiries; they do not work them. Pages ask this rather than
// the policy, so the rule is decided here once.
func (s *Service) MayWork(p access.Principal, c Case) bool {
	if p.Kind != access.KindStaff {
		return false
	}
	if _, err := s.definition(c.ServiceID); err != nil {
		return false
	}
	return access.Decide(p, access.ActionAct, s.resource(c)).Allow
}

// AllowedTransitions are the transitions p may apply to c from its state,
// for pages that offer them; Transition checks again when one is applied.
func (s *Service) AllowedTransitions(p access.Principal, c Case) []service.Transition {
	def, err := s.definition(c.ServiceID)
	if err != nil || !access.Decide(p, access.ActionAct, s.resource(c)).Allow {
		return nil
	}
	var out []service.Transition
	for _, t := range def.TransitionsFrom(c.State) {
		if mayTransition(p, t, c, def) {
			out = append(out, t)
		}
	}
	return out
}

// Teams lists the council's teams, for a transition's team field.
func (s *Service) Teams(ctx context.Context) ([]access.Team, error) {
	if s.Contacts == nil {
		return nil, nil
	}
	return s.Contacts.Teams(ctx)
}

// checkTeamFields refuses a team field naming a team that does not exist:
// a case sent there would vanish from every queue.
func (s *Service) checkTeamFields(ctx context.Context, t service.Transition, fields service.Answers) error {
	for _, q := range t.Fields {
		v := fields[q.ID].Text
		if q.Type != service.TypeTeam || v == "" {
			continue
		}
		teams, err := s.Teams(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(teams, func(tm access.Team) bool { return tm.ID == v }) {
			return service.FieldErrors{{Field: q.ID, Message: "Select a team from the list"}}.Err()
		}
	}
	return nil
}

// movedTo is the team a transition's team field chose, or "".
func movedTo(t service.Transition, fields service.Answers) string {
	for _, q := range t.Fields {
		if q.Type == service.TypeTeam {
			return fields[q.ID].Text
		}
	}
	return ""
}

func (s *Service) transitionChange(ctx context.Context, p access.Principal, def *service.Definition, c Case, t service.Transition, fields service.Answers) (Change, error) {
	now := s.now().UTC()
	before := c
	clockAt, err := clockDate(t, fields, c.History, now)
	if err != nil {
		return Change{}, err
	}
	h, outcome, err := s.stepClock(c.History, def, c.State, t.To, t.Extends, clockAt)
	if err != nil {
		return Change{}, fmt.Errorf("transition %s: clock: %w", c.Ref, err)
	}
	if len(h.Restarts) != len(c.History.Restarts) || h.Clock != c.History.Clock {
		c.OverdueNotified = false // a new period: its own overdue notice when it runs out
	}
	c.History, c.State = h, t.To
	if team := movedTo(t, fields); team != "" && team != c.Team {
		c.Team, c.Assignee = team, "" // the new team decides who deals with it
	}
	if err := s.setClock(&c, def); err != nil {
		return Change{}, fmt.Errorf("transition %s: due date: %w", c.Ref, err)
	}
	if stateOf(def, t.To).Terminal {
		c.ClosedAt = &now
	} else {
		c.ClosedAt = nil
	}
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventTransitioned, Transition: t.ID,
		FromState: before.State, ToState: c.State, Fields: fields, Visibility: Resident}
	out := s.notifications(ctx, def, c, notice{event: service.EventTransitioned, transition: &t, fields: fields}, now)
	out = append(out, webhook("case.transitioned", c, t.ID, now))
	var outcomes []Outcome
	if outcome != nil {
		outcomes = append(outcomes, *outcome)
	}
	return Change{
		Case: c, ExpectVersion: before.Version, Events: []Event{ev}, Outbox: out, Outcomes: outcomes,
		Audit: []audit.Entry{caseEntry(now, actor, AuditTransition, c, map[string]any{
			"transition": t.ID, "from": before.State, "to": c.State, "team": c.Team})},
	}, nil
}

// clockDate is the instant the clock moves at: the start of the day the
// transition's clock_date field gives (the day the awaited information
// arrived), or now. It may not be before the clock stopped to wait for it.
func clockDate(t service.Transition, fields service.Answers, h ClockHistory, now time.Time) (time.Time, error) {
	v := fields[t.ClockDate].Text
	if t.ClockDate == "" || v == "" {
		return now, nil
	}
	d, err := workday.ParseDate(v)
	if err != nil {
		return now, fault.New(fault.Invalid, "%s: %v", t.ClockDate, err)
	}
	at := d.Start()
	if since := h.stoppedSince(); since != nil {
		if d.Before(workday.DateOf(*since)) {
			return now, &service.ValidationError{Errors: []service.FieldError{{Field: t.ClockDate,
				Message: "The date must be on or after " + workday.DateOf(*since).Long() + ", when we asked for it"}}}
		}
		if at.Before(*since) {
			at = *since // the same day: the clock cannot move before it stopped
		}
	}
	if at.Before(now) {
		return at.UTC(), nil
	}
	return now, nil
}
