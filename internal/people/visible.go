package people

import (
	"context"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// visibleSet is what one principal may see of a set of records: the records
// themselves and the cases they came from.
type visibleSet struct {
	records []Record
	cases   map[string]cases.Case // by reference, visible ones only
	audit   []cases.Case          // cases whose access the policy marks for audit
	// withheld are records p could see but whose processing is restricted
	// (Record.Restricted): pages say so in place of them.
	withheld []Record
}

// visible keeps the records p may see under action: an imported record is
// staff data; a record from a case is seen only with its case, so that a
// case p may not find leaves no trace (no record, no field, no count).
func (s *Service) visible(ctx context.Context, p access.Principal, a access.Action, recs []Record) (visibleSet, error) {
	var refs []string
	for _, r := range recs {
		if r.CaseRef != "" {
			refs = append(refs, r.CaseRef)
		}
	}
	acc := visibleSet{cases: map[string]cases.Case{}}
	allowed, err := s.allowedCases(ctx, p, a, refs)
	if err != nil {
		return acc, err
	}
	for _, c := range allowed {
		acc.cases[c.Ref] = c.Case
		if c.audit {
			acc.audit = append(acc.audit, c.Case)
		}
	}
	for _, r := range recs {
		seen := (r.CaseRef == "" && s.maySeeSource(p, a, r.Source)) || (r.CaseRef != "" && hasCase(acc.cases, r.CaseRef))
		switch {
		case !seen:
		case r.Restricted(p, a):
			acc.withheld = append(acc.withheld, r)
			delete(acc.cases, r.CaseRef)
		default:
			acc.records = append(acc.records, r)
			if c, ok := acc.cases[r.CaseRef]; ok && r.RestrictedBy != "" && !slices.ContainsFunc(acc.audit, sameRef(c.Ref)) {
				acc.audit = append(acc.audit, c) // the policy audits every read of restricted data
			}
		}
	}
	for _, c := range allowed {
		if c.restricted {
			delete(acc.cases, c.Ref) // seen only to withhold its records
		}
	}
	return acc, nil
}

func sameRef(ref string) func(cases.Case) bool {
	return func(c cases.Case) bool { return c.Ref == ref }
}

// maySeeSource: an imported record of a source with configured roles is
// seen only by those access.Decide allows; other sources by all staff.
func (s *Service) maySeeSource(p access.Principal, a access.Action, source string) bool {
	if p.Kind == access.KindSystem {
		return true
	}
	if p.Kind != access.KindStaff {
		return false
	}
	roles, ok := s.SourceRoles[source]
	if !ok {
		return true
	}
	return access.Decide(p, a, access.Resource{Source: source, Roles: roles, Classification: service.Official}).Allow
}

func hasCase(m map[string]cases.Case, ref string) bool { _, ok := m[ref]; return ok }

// allowedCase is a case the policy allows, and whether to audit the access;
// or, restricted, one it refuses only because processing of its person's
// information is restricted, whose records are withheld with a notice.
type allowedCase struct {
	cases.Case
	audit, restricted bool
}

// allowedCases loads the cases by reference and keeps those access.Decide
// allows p to act on under action a.
func (s *Service) allowedCases(ctx context.Context, p access.Principal, a access.Action, refs []string) ([]allowedCase, error) {
	if p.Kind != access.KindStaff && p.Kind != access.KindSystem {
		return nil, nil // the single view is for council staff only
	}
	if len(refs) == 0 {
		return nil, nil
	}
	cs, err := s.Store.CasesByRef(ctx, refs)
	if err != nil {
		return nil, err
	}
	var out []allowedCase
	for _, c := range cs {
		switch d := access.Decide(p, a, s.Policy.Resource(c)); {
		case d.Allow:
			out = append(out, allowedCase{Case: c, audit: d.Audit})
		case d.Reason == access.RestrictedReason:
			out = append(out, allowedCase{Case: c, restricted: true})
		}
	}
	return out, nil
}
