package cases

import (
	"context"
	"errors"
	"sort"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// MergeCandidate is an open report a case may duplicate, offered to the
// officer merging it.
type MergeCandidate struct {
	Case   Case
	Status string
	// Metres is how far its map point is from the case's; -1 when it was
	// found another way.
	Metres int
	// SamePerson: the single view's record linkage found its reporter to be
	// the case's.
	SamePerson bool
}

// mergeShown caps the candidates offered: a screenful to choose from.
const mergeShown = 10

// MergeCandidates lists the reports case ref may be merged into that p may
// merge: first the open reports of the same service within the nearby
// distance of its map point, nearest first, then those of the same service
// that record linkage finds were reported by the same person. Errors: as
// Merge for ref.
func (s *Service) MergeCandidates(ctx context.Context, p access.Principal, ref string) ([]MergeCandidate, error) {
	c, err := s.forMerge(ctx, p, ref, 0)
	if err != nil {
		return nil, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return nil, err
	}
	out, err := s.nearbyCandidates(ctx, p, def, c)
	if err != nil {
		return nil, err
	}
	if s.SamePerson == nil {
		return out, nil
	}
	same, err := s.SamePerson(ctx, p, c.Ref)
	if err != nil {
		return nil, err
	}
	for _, o := range same {
		if len(out) < mergeShown && s.mayMergeInto(p, c, o) && !listed(out, o.Ref) {
			out = append(out, MergeCandidate{Case: o, Status: def.StateLabel(o.State), Metres: -1, SamePerson: true})
		}
	}
	return out, nil
}

func (s *Service) nearbyCandidates(ctx context.Context, p access.Principal, def *service.Definition, c Case) ([]MergeCandidate, error) {
	if s.Reports == nil {
		return nil, nil
	}
	at, err := s.Reports.CasePoint(ctx, c.ID)
	if errors.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	within := s.NearbyMetres
	if within <= 0 {
		within = DefaultNearbyMetres
	}
	found, err := s.Reports.NearbyOpenCases(ctx, c.ServiceID, BoxAround(at, within), nearbyScan)
	if err != nil {
		return nil, err
	}
	var out []MergeCandidate
	for _, l := range found {
		d := at.Metres(l.Point)
		if d <= within && s.mayMergeInto(p, c, l.Case) {
			out = append(out, MergeCandidate{Case: l.Case, Status: def.StateLabel(l.Case.State), Metres: int(d + 0.5)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Metres < out[j].Metres })
	return out[:min(mergeShown, len(out))], nil
}

// mayMergeInto is Merge's rule for an original, as a yes or no: another
// open case of the same service that p may merge.
func (s *Service) mayMergeInto(p access.Principal, dup, orig Case) bool {
	return orig.ID != dup.ID && orig.ServiceID == dup.ServiceID && orig.ClosedAt == nil && s.ask(p, access.ActionMerge, orig).Allow
}

func listed(cs []MergeCandidate, ref string) bool {
	for _, c := range cs {
		if c.Case.Ref == ref {
			return true
		}
	}
	return false
}
