package cases

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// Get returns a case p may view. A case p may not see is fault.NotFound, as
// for one that does not exist; a view the policy marks for audit (every view
// of OFFICIAL-SENSITIVE data) is written to the audit log first.
func (s *Service) Get(ctx context.Context, p access.Principal, ref string) (Case, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, err
	}
	if err := s.decide(ctx, p, access.ActionView, c); err != nil {
		return Case{}, err
	}
	return c, nil
}

// Timeline returns the events of a case p may view, oldest first.
func (s *Service) Timeline(ctx context.Context, p access.Principal, ref string) ([]Event, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return nil, err
	}
	if d := s.ask(p, access.ActionView, c); !d.Allow {
		return nil, refused(d, c.Ref)
	}
	return s.Store.CaseEvents(ctx, c.ID)
}

// forAct loads a case p may work, checking the version p read. It asks the
// policy one question, whether p may act; only a refusal asks a second,
// whether p may see the case, to answer 404 (never revealing it) rather
// than 403. The policy never lets anyone act on a case they may not see.
// Nothing here is audited: a change writes its own audit entry.
func (s *Service) forAct(ctx context.Context, p access.Principal, ref string, version int) (Case, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, err
	}
	if err := s.mayWork(p, c); err != nil {
		return Case{}, err
	}
	if version != 0 && version != c.Version {
		return Case{}, errConflict(c.Ref)
	}
	return c, nil
}

// worker is the one rule for who may change a case (note, assign, attach,
// apply a transition): those the policy lets act on it, except councillors,
// who follow their enquiries but do not work them.
func (s *Service) worker(p access.Principal, c Case) bool {
	return p.Kind != access.KindCouncillor && s.ask(p, access.ActionAct, c).Allow
}

// mayWork is worker as an error: fault.NotFound for a case p may not see,
// fault.Forbidden for one p may see but not work (with ErrRestricted when a
// restriction of processing is why).
func (s *Service) mayWork(p access.Principal, c Case) error {
	if s.worker(p, c) {
		return nil
	}
	if d := s.ask(p, access.ActionAct, c); d.Reason == access.RestrictedReason {
		return refused(d, c.Ref)
	}
	if d := s.ask(p, access.ActionView, c); !d.Allow {
		return refused(d, c.Ref)
	}
	return errForbidden("you may not act on case %s", c.Ref)
}

// ForWork returns case ref when p may work it, as every change requires,
// without recording a view: for a handler that must know before costly work
// (keeping an uploaded file) and has nothing of the case to show. Errors:
// fault.NotFound, fault.Forbidden.
func (s *Service) ForWork(ctx context.Context, p access.Principal, ref string) (Case, error) {
	return s.forAct(ctx, p, ref, 0)
}
