package cases

import (
	"context"
	"slices"
)

// ReportsNear lists the public reports, open and closed, of the services
// named (every public one when none is) within metres of at, nearest first,
// at most limit: the reports a resident's search near a postcode finds.
// Each is what the report's public page shows, its place rounded and its
// description redacted; a case the policy does not let the anonymous
// resident see as public (access.ActionSeePublic) is never listed.
func (s *Service) ReportsNear(ctx context.Context, serviceIDs []string, at Point, metres float64, limit int) ([]PublicReport, error) {
	if s.Reports == nil || limit <= 0 {
		return nil, nil
	}
	public := s.PublicReportServices()
	if len(serviceIDs) > 0 {
		public = slices.DeleteFunc(public, func(id string) bool { return !slices.Contains(serviceIDs, id) })
	}
	found, err := s.Reports.CasesNear(ctx, public, BoxAround(at, metres), at, limit)
	if err != nil {
		return nil, err
	}
	var out []PublicReport
	for _, l := range found {
		def, err := s.definition(l.Case.ServiceID)
		d := at.Metres(l.Point)
		if err != nil || d > metres || !isPublic(def, l.Case) {
			continue // a corner of the box, or a service since withdrawn
		}
		r := publicReport(def, l.Case, l.Point, true)
		// The distance shown is to the rounded point: the exact one would
		// say more of where the reporter stood than the publish block allows.
		r.Metres = int(at.Metres(r.Point) + 0.5)
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b PublicReport) int { return a.Metres - b.Metres })
	return out, nil
}

// PublicReportServices are the services whose reports are public (they
// publish where their cases are), in the catalogue's order.
func (s *Service) PublicReportServices() []string {
	var out []string
	if s.Services == nil || s.Services.Load() == nil {
		return nil
	}
	for _, d := range s.Services.Load().All() {
		if publishesPlace(d) {
			out = append(out, d.ID)
		}
	}
	return out
}
