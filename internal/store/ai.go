package store

import (
	"context"
	"database/sql"
	"math"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// LogSuggestion records what an AI feature suggested, before anyone acts on
// it, and returns its id. The record's At is the transaction's time.
func (s *Store) LogSuggestion(ctx context.Context, r triage.Record) (int64, error) {
	var id int64
	err := s.update(ctx, func(t *tx) error {
		return t.queryRow(ctx, `INSERT INTO ai_suggestions (at, feature, case_ref, suggested, dont_know, model)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			micros(t.now), r.Feature, r.CaseRef, r.SuggestedList(), r.DontKnow, r.Model).Scan(&id)
	})
	return id, err
}

// DecideSuggestion records what a person chose after a suggestion of the
// given feature. The first decision stands: a second one, or one for a
// suggestion of another feature, is fault.Conflict; an unknown id fault.NotFound.
func (s *Store) DecideSuggestion(ctx context.Context, id int64, feature, chosen, actor string) error {
	return s.update(ctx, func(t *tx) error { return decide(ctx, t, id, feature, chosen, actor) })
}

func decide(ctx context.Context, t *tx, id int64, feature, chosen, actor string) error {
	var suggested, outcome, got string
	err := t.queryRow(ctx, `SELECT suggested, outcome, feature FROM ai_suggestions WHERE id = ?`, id).
		Scan(&suggested, &outcome, &got)
	if err != nil {
		return notFound(err, "suggestion")
	}
	if outcome != "" || got != feature {
		return fault.New(fault.Conflict, "the suggestion has already been decided")
	}
	_, err = t.exec(ctx, `UPDATE ai_suggestions SET outcome = ?, chosen = ?, actor = ?, decided_at = ? WHERE id = ?`,
		triage.OutcomeOf(strings.Fields(suggested), chosen), chosen, actor, micros(t.now), id)
	return err
}

// RecordCorrection stores an officer's decision that a text belongs to a
// service, the labelled example the triage model learns from, and decides
// the routing suggestion it answers, in one transaction.
func (s *Store) RecordCorrection(ctx context.Context, c triage.Correction) error {
	return s.update(ctx, func(t *tx) error {
		var sid sql.NullInt64
		if c.SuggestionID > 0 {
			if err := decide(ctx, t, c.SuggestionID, triage.FeatureRouting, c.ServiceID, c.Officer); err != nil {
				return err
			}
			sid = sql.NullInt64{Int64: c.SuggestionID, Valid: true}
		}
		_, err := t.exec(ctx, `INSERT INTO triage_corrections (at, suggestion_id, case_ref, text, service_id, officer)
			VALUES (?, ?, ?, ?, ?, ?)`, micros(t.now), sid, c.CaseRef, c.Text, c.ServiceID, c.Officer)
		return err
	})
}

// maxCorrections bounds what one training reads; beyond it the newest win.
const maxCorrections = 20000

// TriageExamples returns the officers' corrections as training examples,
// oldest first.
func (s *Store) TriageExamples(ctx context.Context) ([]triage.Example, error) {
	rows, err := s.queryRead(ctx, `SELECT text, service_id FROM (SELECT id, text, service_id FROM triage_corrections
		ORDER BY id DESC LIMIT ?) newest ORDER BY id`, maxCorrections)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []triage.Example
	for rows.Next() {
		var e triage.Example
		if err := rows.Scan(&e.Text, &e.Service); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AISuggestions returns the latest logged suggestions, newest first, at most limit.
func (s *Store) AISuggestions(ctx context.Context, limit int) ([]triage.Record, error) {
	rows, err := s.queryRead(ctx, `SELECT id, at, feature, case_ref, suggested, dont_know, model, outcome, chosen,
		actor, decided_at FROM ai_suggestions ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []triage.Record
	for rows.Next() {
		var r triage.Record
		var at int64
		var decided sql.NullInt64
		var suggested string
		if err := rows.Scan(&r.ID, &at, &r.Feature, &r.CaseRef, &suggested, &r.DontKnow, &r.Model, &r.Outcome,
			&r.Chosen, &r.Actor, &decided); err != nil {
			return nil, err
		}
		r.At, r.Suggested = fromMicros(at), strings.Fields(suggested)
		if decided.Valid {
			r.DecidedAt = fromMicros(decided.Int64)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideDraft records what an officer did with a language model's draft
// for case ref: sent it (chosen is the digest of the text sent) or
// discarded it (chosen ""). It claims the draft: the first decision stands,
// so a draft sent twice at once is sent once, and a second one is
// fault.Conflict. It reports whether the text sent differs from the draft.
func (s *Store) DecideDraft(ctx context.Context, id int64, ref, chosen, actor string) (edited bool, err error) {
	err = s.update(ctx, func(t *tx) error {
		var suggested, got string
		if err := t.queryRow(ctx, `SELECT suggested, case_ref FROM ai_suggestions WHERE id = ? AND feature = ?`,
			id, triage.FeatureDraft).Scan(&suggested, &got); err != nil || got != ref {
			return notFound(orNoRows(err), "draft")
		}
		edited = chosen != "" && chosen != suggested
		return decide(ctx, t, id, triage.FeatureDraft, chosen, actor)
	})
	return edited, err
}

// TriageCorrections returns officers' corrections, the model's training
// examples, newest first: at most limit, with ids below before (0: from the
// newest), for an administrator to review.
func (s *Store) TriageCorrections(ctx context.Context, before int64, limit int) ([]triage.Correction, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.queryRead(ctx, `SELECT id, at, COALESCE(suggestion_id, 0), case_ref, text, service_id, officer
		FROM triage_corrections WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []triage.Correction
	for rows.Next() {
		var c triage.Correction
		var at int64
		if err := rows.Scan(&c.ID, &at, &c.SuggestionID, &c.CaseRef, &c.Text, &c.ServiceID, &c.Officer); err != nil {
			return nil, err
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteCorrection removes a training example and records who removed it,
// and the service it was labelled with (not its text), in the audit log, in
// one transaction. An unknown id is fault.NotFound.
func (s *Store) DeleteCorrection(ctx context.Context, id int64, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		var svc string
		if err := t.queryRow(ctx, `DELETE FROM triage_corrections WHERE id = ? RETURNING service_id`, id).Scan(&svc); err != nil {
			return notFound(err, "training example")
		}
		e.Subject = strconv.FormatInt(id, 10)
		e.Detail = audit.Detail(map[string]any{"service": svc})
		_, err := appendAuditTx(ctx, t, e)
		return err
	})
}

// AISwitchedOff lists the AI features administrators have switched off,
// by feature and service.
func (s *Store) AISwitchedOff(ctx context.Context) ([]triage.Switch, error) {
	rows, err := s.queryRead(ctx, `SELECT feature, service_id, changed_by, changed_at FROM ai_switched_off ORDER BY service_id, feature`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []triage.Switch
	for rows.Next() {
		var sw triage.Switch
		var at int64
		if err := rows.Scan(&sw.Feature, &sw.ServiceID, &sw.By, &at); err != nil {
			return nil, err
		}
		sw.At = fromMicros(at)
		out = append(out, sw)
	}
	return out, rows.Err()
}

// SwitchAI switches feature on or off for a service and records the change
// in the audit log (e.Actor, e.Action; the subject and detail are set
// here), in one transaction. A switch already in that position changes
// nothing and writes no entry: changed says whether it moved, so two
// administrators pressing the same switch at once make one change.
func (s *Store) SwitchAI(ctx context.Context, feature, serviceID string, on bool, e audit.Entry) (changed bool, err error) {
	err = s.update(ctx, func(t *tx) error {
		var res sql.Result
		var err error
		if on {
			res, err = t.exec(ctx, `DELETE FROM ai_switched_off WHERE feature = ? AND service_id = ?`, feature, serviceID)
		} else {
			res, err = t.exec(ctx, `INSERT INTO ai_switched_off (feature, service_id, changed_by, changed_at)
				VALUES (?, ?, ?, ?) ON CONFLICT (feature, service_id) DO NOTHING`, feature, serviceID, e.Actor, micros(t.now))
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		changed = true
		e.Subject = serviceID
		e.Detail = audit.Detail(map[string]any{"feature": feature, "service": serviceID, "on": on})
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return changed, err
}
