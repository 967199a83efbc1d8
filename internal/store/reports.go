package store

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
)

var _ cases.ReportStore = (*Store)(nil)

// insertPoint keeps a new case's map point, in its submission's transaction.
func insertPoint(ctx context.Context, t *tx, c cases.Case, p *cases.Point) error {
	if p == nil {
		return nil
	}
	_, err := t.exec(ctx, "INSERT INTO case_points (case_id, service_id, lat, lng) VALUES (?, ?, ?, ?)", c.ID, c.ServiceID, p.Lat, p.Lng)
	return err
}

// NearbyOpenCases returns up to limit open cases of serviceID whose point
// is in box (cases.ReportStore). The points are found first on the
// (service_id, lat, lng) index; only those cases are read. The list is
// public, so a restricted person's reports are left out.
func (s *Store) NearbyOpenCases(ctx context.Context, serviceID string, box cases.Box, limit int) ([]cases.Located, error) {
	return s.locatedCases(ctx, "SELECT "+caseColumns+`, p.lat, p.lng FROM cases
		JOIN (SELECT case_id, lat, lng FROM case_points
			WHERE service_id = ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?) p ON p.case_id = cases.id
		WHERE closed_at IS NULL AND `+unrestrictedCase("cases.")+` ORDER BY cases.id LIMIT ?`,
		serviceID, box.South, box.North, box.West, box.East, limit)
}

// locatedCases reads cases each followed by its point's lat and lng.
func (s *Store) locatedCases(ctx context.Context, query string, args ...any) ([]cases.Located, error) {
	rows, err := s.queryRead(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Located
	for rows.Next() {
		var l cases.Located
		if l.Case, err = scanCase(withPoint{rows, &l.Point}); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// withPoint scans a case row followed by its point's lat and lng.
type withPoint struct {
	r scanner
	p *cases.Point
}

func (w withPoint) Scan(dest ...any) error { return w.r.Scan(append(dest, &w.p.Lat, &w.p.Lng)...) }

// CasePoint returns a case's map point (cases.ReportStore). Errors:
// fault.NotFound for a case without one.
func (s *Store) CasePoint(ctx context.Context, caseID int64) (cases.Point, error) {
	var p cases.Point
	err := s.queryRowRead(ctx, "SELECT lat, lng FROM case_points WHERE case_id = ?", caseID).Scan(&p.Lat, &p.Lng)
	return p, notFound(err, "map point of the case")
}

// FollowCase adds a follower and queues confirm when they are new, in one
// transaction (cases.ReportStore): of many identical follows at once, one
// adds the row and queues the message, the others find it there.
func (s *Store) FollowCase(ctx context.Context, caseID int64, f cases.Follower, confirm jobs.Message) (bool, error) {
	var added bool
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO case_followers (case_id, channel, address, lang, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, channel, address) DO NOTHING`, caseID, f.Channel, f.Address, string(f.Lang.Or()), micros(t.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		return insertOutbox(ctx, t, confirm)
	})
	return added, err
}

// insertFollowers adds followers to a case in a change's transaction (a
// merge); one already following is left as it is.
func insertFollowers(ctx context.Context, t *tx, caseID int64, fs []cases.Follower) error {
	for _, f := range fs {
		if _, err := t.exec(ctx, `INSERT INTO case_followers (case_id, channel, address, lang, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, channel, address) DO NOTHING`, caseID, f.Channel, f.Address, string(f.Lang.Or()), micros(t.now)); err != nil {
			return err
		}
	}
	return nil
}

// CaseFollowers lists a case's followers, first to follow first
// (cases.ReportStore).
func (s *Store) CaseFollowers(ctx context.Context, caseID int64) ([]cases.Follower, error) {
	rows, err := s.queryRead(ctx, "SELECT channel, address, lang FROM case_followers WHERE case_id = ? ORDER BY id", caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Follower
	for rows.Next() {
		var f cases.Follower
		var l string
		if err := rows.Scan(&f.Channel, &f.Address, &l); err != nil {
			return nil, err
		}
		f.Lang, _ = lang.Parse(l)
		out = append(out, f)
	}
	return out, rows.Err()
}
