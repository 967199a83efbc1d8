package store

import (
	"context"
	"math"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// CasesNear returns up to limit OFFICIAL cases of the services, open or
// closed, whose map point lies in box, nearest to at first
// (cases.ReportStore). The points are found on the (service_id, lat, lng)
// index and sorted by the squared distance on a flat map scaled for the
// latitude, which orders them as the distance on the ground does at a
// street's scale; only the cases kept are read. The list is public, so a
// restricted person's reports are left out, as from NearbyOpenCases.
func (s *Store) CasesNear(ctx context.Context, serviceIDs []string, box cases.Box, at cases.Point, limit int) ([]cases.Located, error) {
	if len(serviceIDs) == 0 {
		return nil, nil
	}
	args := anys(serviceIDs)
	k := math.Cos(at.Lat * math.Pi / 180)
	args = append(args, box.South, box.North, box.West, box.East, at.Lat, at.Lat, at.Lng, at.Lng, k*k, limit)
	return s.locatedCases(ctx, "SELECT "+caseColumns+`, p.lat, p.lng FROM cases
		JOIN (SELECT case_id, lat, lng FROM case_points
			WHERE service_id IN (`+placeholders(len(serviceIDs))+`) AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?) p ON p.case_id = cases.id
		WHERE classification = 'OFFICIAL' AND `+unrestrictedCase("cases.")+`
		ORDER BY (p.lat - ?) * (p.lat - ?) + (p.lng - ?) * (p.lng - ?) * ?, cases.id LIMIT ?`, args...)
}
