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
	if d := access.Decide(p, access.ActionView, s.resource(c)); !d.Allow {
		return nil, errNotFound(c.Ref)
	}
	return s.Store.CaseEvents(ctx, c.ID)
}

// forAct loads a case p may act on, checking the version p read.
func (s *Service) forAct(ctx context.Context, p access.Principal, ref string, version int) (Case, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, err
	}
	if !access.Decide(p, access.ActionView, s.resource(c)).Allow {
		return Case{}, errNotFound(c.Ref)
	}
	if !access.Decide(p, access.ActionAct, s.resource(c)).Allow {
		return Case{}, errForbidden("you may not act on case %s", c.Ref)
	}
	if version != 0 && version != c.Version {
		return Case{}, errConflict(c.Ref)
	}
	return c, nil
}
