package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// The statements of a form journey, prepared once (hot.go).
const (
	qLoadDraft = `SELECT id, answers, submitted_ref FROM drafts
		WHERE session = ? AND service_id = ? ORDER BY updated_at DESC, created_at DESC LIMIT 1`
	qSaveDraft = `INSERT INTO drafts (id, session, service_id, answers, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at
		WHERE drafts.submitted_ref = '' AND drafts.session = excluded.session`
	qSubmitDraft = "UPDATE drafts SET submitted_ref = ?, updated_at = ? WHERE id = ?"
)

// LoadDraft returns a browser session's most recent draft of a service: its
// id, answers and, once submitted, its case reference (frontdoor.DraftStore).
// Errors: fault.NotFound when the session has none.
func (s *Store) LoadDraft(ctx context.Context, session, serviceID string) (string, service.Answers, string, error) {
	var id, answers, ref string
	err := s.queryRowHotRead(ctx, qLoadDraft, session, serviceID).Scan(&id, &answers, &ref)
	if err != nil {
		return "", nil, "", notFound(err, "draft of "+serviceID)
	}
	var a service.Answers
	if err := json.Unmarshal([]byte(answers), &a); err != nil {
		return "", nil, "", fmt.Errorf("draft %s: answers: %w", id, err)
	}
	return id, a, ref, nil
}

// SaveDraft creates draft id or replaces its answers. A submitted draft is
// not changed: fault.Conflict.
func (s *Store) SaveDraft(ctx context.Context, id, session, serviceID string, answers service.Answers) error {
	text, err := jsonText(answers)
	if err != nil {
		return err
	}
	return s.updateGrouped(ctx, func(t *tx) error {
		now := micros(t.now)
		res, err := t.exec(ctx, qSaveDraft, id, session, serviceID, text, now, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "draft %s was submitted", id)
		}
		return nil
	})
}

// SubmitDraft records the case reference draft id became. Errors:
// fault.NotFound for an unknown draft.
func (s *Store) SubmitDraft(ctx context.Context, id, caseRef string) error {
	return s.updateGrouped(ctx, func(t *tx) error {
		res, err := t.exec(ctx, qSubmitDraft, caseRef, micros(t.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "draft %s", id)
		}
		return nil
	})
}

// DeleteSessionDrafts deletes every draft of the sessions, submitted or not
// (the confirmation page goes with it), returning how many: their session
// has ended.
func (s *Store) DeleteSessionDrafts(ctx context.Context, sessions ...string) (int, error) {
	var n int64
	err := s.update(ctx, func(t *tx) error {
		n = 0 // the transaction may run again (retrying)
		for _, session := range sessions {
			if session == "" {
				continue // the drafts of no session are nobody's to delete
			}
			res, err := t.exec(ctx, "DELETE FROM drafts WHERE session = ?", session)
			if err != nil {
				return err
			}
			m, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += m
		}
		return nil
	})
	return int(n), err
}

// DeleteDraftsBefore removes drafts last changed before cutoff, returning how
// many: a periodic clean-up, so abandoned answers are not kept for ever.
func (s *Store) DeleteDraftsBefore(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "DELETE FROM drafts WHERE updated_at < ?", micros(cutoff))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return int(n), err
}
