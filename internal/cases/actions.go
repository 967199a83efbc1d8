package cases

import (
	"context"
	"errors"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// CaseActions is one case as principal p opens it and what p may do with
// it, decided by the case service from one read of the case, so that a page
// offers exactly what the service's write methods will accept.
type CaseActions struct {
	Case Case
	// Timeline is the case's events, oldest first.
	Timeline []Event
	// Act: p may work the case: add notes, attach documents, assign it and
	// apply the Transitions listed.
	Act bool
	// Officers are who the case may be given to (when Act); Take says p is
	// one of them, so may take it.
	Officers []access.Officer
	Take     bool
	// NoteTo is who a note marked for sending goes to: service.RecipientResident,
	// or service.RecipientRaisedBy when the service's note messages go to the
	// councillor who raised the case and not to the resident.
	NoteTo string
	// PublicNote: a note may be a public update (Public), the case being a
	// public report.
	PublicNote bool
	// Transitions are those p may apply from the case's state, in the
	// definition's order, each with the questions its form asks.
	Transitions []AllowedTransition
	// Payment is the fee the case was made with and its refunds, shown to
	// staff; nil when it took none.
	Payment *CasePayment
	// Refund: p may refund some of Payment now.
	Refund bool
	// Merge: p may close the case as a duplicate of another report (Merge).
	Merge bool
	// Photos are the case's photos, with whether the public sees each.
	Photos []Photo
	// HidePhotos: p may hide the case's public photos and show them again
	// (SetPhotoHidden): p may work it and its service shows them.
	HidePhotos bool
}

// CasePayment is a case's fee and what has been refunded of it.
type CasePayment struct {
	Payment
	Refunds []Refund
}

// LeftPence is what may still be refunded: the amount paid less every
// refund that has not been refused or failed.
func (c CasePayment) LeftPence() int64 { return c.AmountPence - c.RefundedPence }

// AllowedTransition is a transition p may apply now, with what its form needs.
type AllowedTransition struct {
	service.Transition
	// Teams are the council's teams to choose from, set when one of the
	// transition's questions is a team choice.
	Teams []access.Team
}

// Transition returns the allowed transition id, and whether p may apply it.
func (a CaseActions) Transition(id string) (AllowedTransition, bool) {
	i := slices.IndexFunc(a.Transitions, func(t AllowedTransition) bool { return t.ID == id })
	if i < 0 {
		return AllowedTransition{}, false
	}
	return a.Transitions[i], true
}

// Actions answers "what may p do with case ref": the case (read once, its
// view decided once and audited when the policy says so), its timeline, and
// p's actions. A case p may not see is fault.NotFound.
func (s *Service) Actions(ctx context.Context, p access.Principal, ref string) (CaseActions, error) {
	c, err := s.Get(ctx, p, ref)
	if err != nil {
		return CaseActions{}, err
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return CaseActions{}, err
	}
	a := CaseActions{Case: c, Timeline: events, NoteTo: service.RecipientResident}
	if a.Payment, err = s.casePayment(ctx, p, c); err != nil {
		return CaseActions{}, err
	}
	a.Refund = a.Payment != nil && a.Payment.LeftPence() > 0 && s.Pay != nil && s.worker(p, c)
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return a, nil // a service no longer loaded: its cases can be read, not worked
	}
	a.NoteTo, a.PublicNote = noteRecipient(def), isPublic(def, c)
	a.Photos = photosOf(def, c, events)
	if !s.worker(p, c) {
		return a, nil
	}
	return s.withWork(ctx, p, def, a)
}

// withWork fills in the actions of a principal who may work the case.
func (s *Service) withWork(ctx context.Context, p access.Principal, def *service.Definition, a CaseActions) (CaseActions, error) {
	officers, err := s.assignable(ctx, a.Case)
	if err != nil {
		return CaseActions{}, err
	}
	a.Act, a.Officers = true, officers
	a.HidePhotos = a.PublicNote && def.PublishesPhotos()
	a.Merge = a.Case.ClosedAt == nil && s.ask(p, access.ActionMerge, a.Case).Allow
	a.Take = slices.ContainsFunc(officers, func(o access.Officer) bool { return o.ID == p.UserID })
	a.Transitions, err = s.allowedTransitions(ctx, p, def, a.Case)
	return a, err
}

// allowedTransitions are the transitions from c's state that p holds a role
// for, with the council's teams where a question asks for one (listed once).
func (s *Service) allowedTransitions(ctx context.Context, p access.Principal, def *service.Definition, c Case) ([]AllowedTransition, error) {
	var out []AllowedTransition
	var teams []access.Team
	for _, t := range def.TransitionsFrom(c.State) {
		if !mayTransition(p, t, c, def) {
			continue
		}
		at := AllowedTransition{Transition: t}
		if asksForTeam(t) {
			if teams == nil {
				var err error
				if teams, err = s.Teams(ctx); err != nil {
					return nil, err
				}
			}
			at.Teams = teams
		}
		out = append(out, at)
	}
	return out, nil
}

// asksForTeam reports whether one of t's questions is a team choice.
func asksForTeam(t service.Transition) bool {
	return slices.ContainsFunc(t.Fields, func(q service.Question) bool { return q.Type == service.TypeTeam })
}

// noteRecipient is who a service's notes marked for sending go to.
func noteRecipient(def *service.Definition) string {
	for _, n := range def.Notifications {
		if n.Event == service.EventNote && slices.Contains(n.To, service.RecipientRaisedBy) && !slices.Contains(n.To, service.RecipientResident) {
			return service.RecipientRaisedBy
		}
	}
	return service.RecipientResident
}

// casePayment is the payment of c with its refunds, for staff.
func (s *Service) casePayment(ctx context.Context, p access.Principal, c Case) (*CasePayment, error) {
	if s.Payments == nil || p.Kind != access.KindStaff {
		return nil, nil
	}
	pay, err := s.Payments.PaymentOfCase(ctx, c.Ref)
	if errors.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	refunds, err := s.Payments.RefundsOfPayment(ctx, pay.PaymentID)
	return &CasePayment{Payment: pay, Refunds: refunds}, err
}
