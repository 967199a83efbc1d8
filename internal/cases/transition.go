package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// TransitionRequest is one transition p asks to apply.
type TransitionRequest struct {
	// Transition is the transition's id.
	Transition string
	// Form is the posted form (the workspace's transition form): the
	// transition's answers are decoded from it by the service codec, which
	// validates them as it reads them.
	Form service.Form
	// Answers are typed answers (the JSON API), validated by the same codec.
	// They are used when Form is nil, and normalised in place.
	Answers service.Answers
	// Version is the case version p read; 0 skips the check.
	Version int
}

// Applied is the outcome of Apply.
type Applied struct {
	// Case is the case after the transition; on a fault.Invalid error, the
	// case as it was read.
	Case Case
	// Transition is the transition applied (or refused for its answers),
	// with its teams to choose from, so that a form can be shown again with
	// its errors without reading the case a second time.
	Transition AllowedTransition
}

// ErrNoTransition wraps fault.Invalid: the case's workflow has no such
// transition from its state.
var ErrNoTransition = errors.New("no such transition from the case's state")

// Apply moves a case along its workflow, reading the case once, asking the
// access policy once, validating the answers once and writing once (case,
// event, audit entry and outbox in one transaction). p must hold one of the
// transition's roles in the team that holds the case or the team that owns
// the service; the clock pauses, restarts or extends as the states say; a
// terminal state closes the case. No view is audited: the transition's own
// entry records it. Errors: fault.NotFound, fault.Forbidden (role),
// fault.Conflict (stale), fault.Invalid wrapping ErrNoTransition, or
// fault.Invalid (a *service.ValidationError) for the answers.
func (s *Service) Apply(ctx context.Context, p access.Principal, ref string, req TransitionRequest) (Applied, error) {
	c, err := s.forAct(ctx, p, ref, req.Version)
	if err != nil {
		return Applied{}, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return Applied{}, err
	}
	t, err := s.transitionFor(ctx, p, def, c, req.Transition)
	if err != nil {
		return Applied{}, err
	}
	out := Applied{Case: c, Transition: t}
	fields, err := s.answersOf(t, req)
	if err != nil {
		return out, err
	}
	ch, err := s.transitionChange(ctx, p, def, c, t.Transition, fields)
	if err != nil {
		return out, err
	}
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Applied{}, fmt.Errorf("transition %s: %w", c.Ref, err)
	}
	return Applied{Case: ch.Case, Transition: t}, nil
}

// Transition is Apply with typed answers, for callers that have no form.
func (s *Service) Transition(ctx context.Context, p access.Principal, ref, transitionID string, fields service.Answers, version int) (Case, error) {
	a, err := s.Apply(ctx, p, ref, TransitionRequest{Transition: transitionID, Answers: fields, Version: version})
	if err != nil {
		return Case{}, err
	}
	return a.Case, nil
}

// transitionFor finds transition id from c's state and checks p may apply it.
func (s *Service) transitionFor(ctx context.Context, p access.Principal, def *service.Definition, c Case, id string) (AllowedTransition, error) {
	t, ok := def.Transition(id)
	if !ok || !slices.Contains(t.From, c.State) {
		return AllowedTransition{}, fault.Wrap(fault.Invalid, ErrNoTransition,
			fmt.Sprintf("service %s has no transition %q from %q", def.ID, id, c.State))
	}
	if !mayTransition(p, t, c, def) {
		return AllowedTransition{}, errForbidden("transition %q needs one of the roles %v", t.ID, t.Roles)
	}
	at := AllowedTransition{Transition: t}
	if asksForTeam(t) {
		teams, err := s.Teams(ctx)
		if err != nil {
			return AllowedTransition{}, err
		}
		at.Teams = teams
	}
	return at, nil
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

// Teams lists the council's teams, for a transition's team field.
func (s *Service) Teams(ctx context.Context) ([]access.Team, error) {
	if s.Contacts == nil {
		return nil, nil
	}
	return s.Contacts.Teams(ctx)
}

// answersOf decodes (from a form) or checks (typed answers) the
// transition's answers, once, with the service codec, and refuses a team
// choice naming a team that does not exist: a case sent there would vanish
// from every queue.
func (s *Service) answersOf(t AllowedTransition, req TransitionRequest) (service.Answers, error) {
	var fields service.Answers
	var errs service.FieldErrors
	if req.Form != nil {
		fields, errs = service.DecodeFields(t.Fields, req.Form, s.now())
	} else {
		if fields = req.Answers; fields == nil {
			fields = service.Answers{}
		}
		errs = service.CheckFields(t.Fields, fields, s.now())
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return fields, checkTeams(t, fields)
}

// checkTeams refuses a team answer that is not one of t.Teams.
func checkTeams(t AllowedTransition, fields service.Answers) error {
	for _, q := range t.Fields {
		v := fields[q.ID].Text
		if q.Type != service.TypeTeam || v == "" {
			continue
		}
		if !slices.ContainsFunc(t.Teams, func(tm access.Team) bool { return tm.ID == v }) {
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
	n := notice{event: service.EventTransitioned, transition: &t, fields: fields}
	invite, link, askFeedback := s.feedbackInvite(before, c, now)
	if askFeedback {
		n.feedback = &feedbackLink{url: link}
	}
	out := s.notifications(ctx, def, c, n, now)
	if askFeedback && !n.feedback.sent {
		invite = nil // no email carried the link: nobody could use it
	}
	out = append(out, webhook("case.transitioned", c, t.ID, now))
	if c.State != before.State || c.ClosedAt != nil {
		kind := followStatus
		if c.ClosedAt != nil {
			kind = followClosed
		}
		told, err := s.updateNotices(ctx, def, c, kind, "", now, addressed(out))
		if err != nil {
			return Change{}, fmt.Errorf("transition %s: followers: %w", c.Ref, err)
		}
		out = append(out, told...)
	}
	var outcomes []Outcome
	if outcome != nil {
		outcomes = append(outcomes, *outcome)
	}
	return Change{
		Case: c, ExpectVersion: before.Version, Events: []Event{ev}, Outbox: out, Outcomes: outcomes, Feedback: invite,
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
