package store

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
)

// insertFeedbackInvite keeps a closing message's "How did we do?" link. A
// case closed again after reopening gets a new link while it is unanswered;
// once answered, the answer stands and the new link finds nothing.
func insertFeedbackInvite(ctx context.Context, t *tx, c cases.Case, inv *cases.FeedbackInvite) error {
	if inv == nil {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO case_feedback (case_id, service_id, token_hash, invited_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET token_hash = excluded.token_hash, invited_at = excluded.invited_at
		WHERE case_feedback.rated_at IS NULL`, c.ID, c.ServiceID, inv.TokenHash, micros(inv.InvitedAt))
	return err
}

// FeedbackService implements cases.FeedbackStore.
func (s *Store) FeedbackService(ctx context.Context, tokenHash string) (string, error) {
	var id string
	err := s.queryRowRead(ctx, "SELECT service_id FROM case_feedback WHERE token_hash = ? AND rated_at IS NULL", tokenHash).Scan(&id)
	return id, notFound(err, "feedback link")
}

// RecordFeedback implements cases.FeedbackStore: the answer is written only
// while the link is unanswered, so of many posts at once exactly one counts.
func (s *Store) RecordFeedback(ctx context.Context, tokenHash string, f cases.Feedback) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE case_feedback SET rating = ?, comment = ?, rated_at = ?, rated_date = ?
			WHERE token_hash = ? AND rated_at IS NULL`, f.Rating, f.Comment, micros(f.At), f.Date.String(), tokenHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "feedback link unknown or already answered")
		}
		return nil
	})
}

// Satisfaction implements opendata.Store: ratings by month they were given,
// of OFFICIAL cases of people not restricted, as the other public figures.
func (s *Store) Satisfaction(ctx context.Context, serviceID string) ([]opendata.MonthRating, error) {
	rows, err := s.queryRead(ctx, `SELECT substr(f.rated_date, 1, 7), f.rating, COUNT(*) FROM case_feedback f JOIN cases c ON c.id = f.case_id
		WHERE f.service_id = ? AND f.rated_at IS NOT NULL AND c.classification = 'OFFICIAL' AND `+unrestrictedCase("c.")+` GROUP BY 1, 2`, serviceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opendata.MonthRating
	for rows.Next() {
		var m opendata.MonthRating
		if err := rows.Scan(&m.Month, &m.Rating, &m.Count); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
