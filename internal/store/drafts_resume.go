package store

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// SaveResumeLink keeps the hash of a save-and-return link to draft id of
// session, replacing any earlier link to it, restarts the draft's retention
// from now, and queues the email that carries the link, in one transaction
// (frontdoor.DraftStore). Expired links of every draft are cleared on the
// way. Errors: fault.NotFound when the session has no such unsent draft.
func (s *Store) SaveResumeLink(ctx context.Context, id, session, tokenHash string, expires time.Time, email jobs.Message) error {
	return s.update(ctx, func(t *tx) error {
		now := micros(t.now)
		res, err := t.exec(ctx, "UPDATE drafts SET updated_at = ? WHERE id = ? AND session = ? AND submitted_ref = ''", now, id, session)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "no unsent draft %s in this session", id)
		}
		if _, err := t.exec(ctx, "DELETE FROM draft_resume WHERE draft_id = ? OR expires_at < ?", id, now); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO draft_resume (token_hash, draft_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			tokenHash, id, now, micros(expires)); err != nil {
			return err
		}
		return insertOutbox(ctx, t, email)
	})
}

// PeekResumeLink returns the service of the unsent draft a live link opens,
// without using the link. Errors: fault.NotFound for a link unknown, used,
// expired, or whose draft was sent or deleted.
func (s *Store) PeekResumeLink(ctx context.Context, tokenHash string, now time.Time) (string, error) {
	var serviceID string
	err := s.queryRowRead(ctx, `SELECT d.service_id FROM draft_resume r JOIN drafts d ON d.id = r.draft_id
		WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND d.submitted_ref = ''`, tokenHash, micros(now)).Scan(&serviceID)
	return serviceID, notFound(err, "save and return link")
}

// ClaimResumeLink uses a live link once: the link is marked used and its
// draft moves to session, in one transaction, so of many browsers opening
// the same link at once exactly one gets the draft. It returns the draft's
// service. Errors: fault.NotFound as PeekResumeLink.
func (s *Store) ClaimResumeLink(ctx context.Context, tokenHash, session string) (string, error) {
	var serviceID string
	err := s.update(ctx, func(t *tx) error {
		now := micros(t.now)
		res, err := t.exec(ctx, "UPDATE draft_resume SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
			now, tokenHash, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "save and return link used or expired")
		}
		var id string
		if err := t.queryRow(ctx, "SELECT draft_id FROM draft_resume WHERE token_hash = ?", tokenHash).Scan(&id); err != nil {
			return err
		}
		err = t.queryRow(ctx, `UPDATE drafts SET session = ?, updated_at = ? WHERE id = ? AND submitted_ref = ''
			RETURNING service_id`, session, now, id).Scan(&serviceID)
		return notFound(err, "draft of the link")
	})
	return serviceID, err
}
