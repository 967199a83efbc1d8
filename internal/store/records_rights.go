package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// PersonLinks returns what the single view links to the persons of the
// records with keys (records.Store).
func (s *Store) PersonLinks(ctx context.Context, keys []string) (records.PersonLinks, error) {
	var out records.PersonLinks
	if len(keys) == 0 {
		return out, nil
	}
	ph := placeholders(len(keys))
	rows, err := s.queryRead(ctx, `SELECT key, case_ref FROM people_records
		WHERE key IN (`+ph+`) OR person_id IN (SELECT person_id FROM people_records WHERE key IN (`+ph+`) AND person_id IS NOT NULL)
		ORDER BY key`, append(anys(keys), anys(keys)...)...)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var key, ref string
		if err := rows.Scan(&key, &ref); err != nil {
			rows.Close()
			return out, err
		}
		out.Records = append(out.Records, key)
		if ref != "" && !slices.Contains(out.Cases, ref) {
			out.Cases = append(out.Cases, ref)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	out.Documents, err = s.documentsRelatedTo(ctx, out.Cases)
	return out, err
}

// documentsRelatedTo returns the ids of documents whose related cases
// include any of refs. related_cases is a JSON array in a TEXT column on
// both databases, so LIKE narrows and decoding decides.
func (s *Store) documentsRelatedTo(ctx context.Context, refs []string) ([]string, error) {
	var ids []string
	for _, ref := range refs {
		rows, err := s.queryRead(ctx, "SELECT CAST(id AS TEXT), related_cases FROM record_documents WHERE related_cases LIKE ? ORDER BY id", "%\""+ref+"\"%")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, related string
			var list []string
			if err := rows.Scan(&id, &related); err != nil {
				rows.Close()
				return nil, err
			}
			if json.Unmarshal([]byte(related), &list) == nil && slices.Contains(list, ref) && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// SaveRightsSubject records who a rights request is about (records.Store).
func (s *Store) SaveRightsSubject(ctx context.Context, r records.RightsRequest, e audit.Entry) error {
	keys, err := jsonText(r.RecordKeys)
	if err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO rights_requests (request_ref, record_keys, found_by, found_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (request_ref) DO UPDATE SET record_keys = excluded.record_keys, found_by = excluded.found_by, found_at = excluded.found_at
			WHERE rights_requests.erasure = ''`, r.Ref, keys, r.FoundBy, micros(r.FoundAt))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "An erasure was asked for on %s: its person cannot change now", r.Ref)
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

const rightsColumns = `request_ref, record_keys, found_by, found_at, erasure, erasure_by, erasure_at,
	EXISTS (SELECT 1 FROM people_restrictions pr WHERE pr.request_ref = rights_requests.request_ref)`

func scanRights(r scanner) (records.RightsRequest, error) {
	var q records.RightsRequest
	var keys string
	var found int64
	var at sql.NullInt64
	if err := r.Scan(&q.Ref, &keys, &q.FoundBy, &found, &q.Erasure, &q.ErasureBy, &at, &q.Restricted); err != nil {
		return q, err
	}
	q.FoundAt, q.ErasureAt = fromMicros(found), timePtr(at)
	return q, json.Unmarshal([]byte(keys), &q.RecordKeys)
}

// RightsRequest returns one request, or fault.NotFound (records.Store).
func (s *Store) RightsRequest(ctx context.Context, ref string) (records.RightsRequest, error) {
	q, err := scanRights(s.queryRowRead(ctx, "SELECT "+rightsColumns+" FROM rights_requests WHERE request_ref = ?", ref))
	return q, notFound(err, "rights request "+ref)
}

// Erasures lists the requests whose erasure is in state status, oldest
// first (records.Store).
func (s *Store) Erasures(ctx context.Context, status string) ([]records.RightsRequest, error) {
	rows, err := s.queryRead(ctx, "SELECT "+rightsColumns+" FROM rights_requests WHERE erasure = ? ORDER BY erasure_at, request_ref", status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.RightsRequest
	for rows.Next() {
		q, err := scanRights(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// ProposeErasure marks a request's erasure proposed (records.Store).
func (s *Store) ProposeErasure(ctx context.Context, ref, by string, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE rights_requests SET erasure = ?, erasure_by = ?, erasure_at = ? WHERE request_ref = ? AND erasure = ''",
			records.ErasureProposed, by, micros(t.now), ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Conflict, "Choose the person first; an erasure can be asked for once")
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

// CaseFacts describes the cases with refs that exist (records.Store).
func (s *Store) CaseFacts(ctx context.Context, refs []string) ([]records.CaseFact, error) {
	var out []records.CaseFact
	for start := 0; start < len(refs); start += inChunk {
		part := refs[start:min(start+inChunk, len(refs))]
		rows, err := s.queryRead(ctx, "SELECT ref, service_id, submitted_at, updated_at, closed_at, anonymised_at IS NOT NULL FROM cases WHERE ref IN ("+
			placeholders(len(part))+") ORDER BY id", anys(part)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var f records.CaseFact
			var sub, upd int64
			var closed sql.NullInt64
			if err := rows.Scan(&f.Ref, &f.Service, &sub, &upd, &closed, &f.Anonymised); err != nil {
				rows.Close()
				return nil, err
			}
			f.Submitted, f.Updated, f.Closed = fromMicros(sub), fromMicros(upd), timePtr(closed)
			out = append(out, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DocumentFacts describes the documents with ids that exist (records.Store).
func (s *Store) DocumentFacts(ctx context.Context, ids []string) ([]records.DocumentFact, error) {
	var out []records.DocumentFact
	for _, id := range ids {
		var f records.DocumentFact
		var created, updated int64
		var declared sql.NullInt64
		err := s.queryRowRead(ctx, "SELECT CAST(id AS TEXT), class_id, created_at, updated_at, declared_at FROM record_documents WHERE CAST(id AS TEXT) = ?", id).
			Scan(&f.ID, &f.Class, &created, &updated, &declared)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f.Created, f.Updated, f.Declared = fromMicros(created), fromMicros(updated), timePtr(declared)
		out = append(out, f)
	}
	return out, nil
}

// Restrict marks records restricted and places the hold (records.Store).
func (s *Store) Restrict(ctx context.Context, ref string, keys []string, h records.Hold, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		for _, k := range keys {
			if _, err := t.exec(ctx, `INSERT INTO people_restrictions (record_key, request_ref, restricted_by, restricted_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (record_key) DO NOTHING`, k, ref, h.CreatedBy, micros(t.now)); err != nil {
				return err
			}
		}
		var id int64
		if err := t.queryRow(ctx, `INSERT INTO record_holds (target_kind, target, reason, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, h.Kind, h.Target, h.Reason, h.CreatedBy, micros(h.CreatedAt)).Scan(&id); err != nil {
			return err
		}
		e.Detail = withDetail(e.Detail, "hold", id)
		_, err := appendAuditTx(ctx, t, e)
		return err
	})
}

// Erase carries out an approved erasure in one transaction (records.Store).
func (s *Store) Erase(ctx context.Context, e records.Erasure) (records.StoredCertificate, error) {
	var out records.StoredCertificate
	err := s.update(ctx, func(t *tx) error {
		var state string
		if err := t.queryRow(ctx, "SELECT erasure FROM rights_requests WHERE request_ref = ?", e.Request).Scan(&state); err != nil {
			return notFound(err, "rights request "+e.Request)
		}
		if state != records.ErasureProposed {
			return fault.New(fault.Conflict, "No erasure waits for approval on %s", e.Request)
		}
		if newer, err := newerDynamicHoldTx(ctx, t, e.HoldsSeen); err != nil || newer {
			return errOr(err, records.ErrHeld)
		}
		r := &removal{content: map[string][]map[string]any{}}
		persons, err := eraseRecords(ctx, t, r, e.Items)
		if err != nil {
			return err
		}
		if err := planErasure(ctx, t, r, e.Items); err != nil {
			return err
		}
		for _, st := range r.stmts {
			if _, err := t.exec(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		if err := settlePersons(ctx, t, r, persons); err != nil {
			return err
		}
		if out, err = chainCertificate(ctx, t, e.Certificate, r); err != nil {
			return err
		}
		_, err = t.exec(ctx, "UPDATE rights_requests SET erasure = ?, erasure_at = ? WHERE request_ref = ?", records.ErasureDone, micros(t.now), e.Request)
		return err
	})
	return out, err
}

func errOr(err, or error) error {
	if err != nil {
		return err
	}
	return or
}

// eraseRecords reads and deletes the people records the erasure removes,
// at once, so that a case removed after does not read them again. It
// returns the persons they belonged to.
func eraseRecords(ctx context.Context, t *tx, r *removal, items []records.ErasureItem) ([]int64, error) {
	var persons []int64
	for _, it := range items {
		if it.Kind != records.HoldRecord || it.Action == records.ActionKeep {
			continue
		}
		var person sql.NullInt64
		err := t.queryRow(ctx, "SELECT person_id FROM people_records WHERE key = ?", it.Subject).Scan(&person)
		if errors.Is(err, sql.ErrNoRows) {
			continue // gone with its case already, or relinked away
		}
		if err != nil {
			return nil, err
		}
		if person.Valid && !slices.Contains(persons, person.Int64) {
			persons = append(persons, person.Int64)
		}
		for _, rd := range []struct{ name, q string }{
			{"people_records", "SELECT * FROM people_records WHERE key = ?"},
			{"people_suggestions", "SELECT * FROM people_suggestions WHERE left_key = ? OR right_key = ?"},
			{"people_decisions", "SELECT * FROM people_decisions WHERE left_key = ? OR right_key = ?"},
		} {
			args := []any{it.Subject}
			if strings.Count(rd.q, "?") == 2 {
				args = append(args, it.Subject)
			}
			if err := r.read(ctx, t, rd.name, rd.q, args...); err != nil {
				return nil, err
			}
		}
		for _, q := range []string{
			"DELETE FROM people_suggestions WHERE left_key = ? OR right_key = ?",
			"DELETE FROM people_decisions WHERE left_key = ? OR right_key = ?",
		} {
			if _, err := t.exec(ctx, q, it.Subject, it.Subject); err != nil {
				return nil, err
			}
		}
		for _, q := range []string{"DELETE FROM people_restrictions WHERE record_key = ?", "DELETE FROM people_records WHERE key = ?"} {
			if _, err := t.exec(ctx, q, it.Subject); err != nil {
				return nil, err
			}
		}
	}
	return persons, nil
}

// planErasure plans the removal of the cases and documents that go, as a
// disposal would remove them, after checking again that no hold on them
// is active.
func planErasure(ctx context.Context, t *tx, r *removal, items []records.ErasureItem) error {
	for _, it := range items {
		if it.Action == records.ActionKeep || it.Kind == records.HoldRecord {
			continue
		}
		if held, err := heldTx(ctx, t, it.Holds); err != nil || held {
			return errOr(err, records.ErrHeld)
		}
		p := records.Disposal{Due: records.Due{Kind: it.Kind, Subject: it.Subject}, Keep: it.Keep, Anonymise: it.Action == records.ActionAnonymise}
		var err error
		if it.Kind == records.KindCase {
			err = planCase(ctx, t, r, p)
		} else {
			err = planDocument(ctx, t, r, p)
		}
		if errors.Is(err, fault.NotFound) {
			return fault.New(fault.Conflict, "%s %s changed while the erasure was approved: look at what it would do again", it.Kind, it.Subject)
		}
		if err != nil {
			return err
		}
		r.then("DELETE FROM record_due WHERE kind = ? AND subject = ?", it.Kind, it.Subject)
	}
	return nil
}

// settlePersons deletes the golden persons the erasure left without a
// record, after keeping their rows in the certificate's hash, and makes
// the records of the others wait to be linked again, so their golden
// record is rebuilt from what is left.
func settlePersons(ctx context.Context, t *tx, r *removal, persons []int64) error {
	if len(persons) == 0 {
		return nil
	}
	gen, err := nextGeneration(ctx, t)
	if err != nil {
		return err
	}
	for _, id := range persons {
		var left []int64
		rows, err := t.query(ctx, "SELECT id FROM people_records WHERE person_id = ?", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var rid int64
			if err := rows.Scan(&rid); err != nil {
				rows.Close()
				return err
			}
			left = append(left, rid)
		}
		rows.Close()
		if len(left) > 0 {
			if err := markPending(ctx, t, gen, left...); err != nil {
				return err
			}
			continue
		}
		if err := r.read(ctx, t, "people_persons", "SELECT * FROM people_persons WHERE id = ?", id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM people_persons WHERE id = ?", id); err != nil {
			return fmt.Errorf("deleting person %d: %w", id, err)
		}
	}
	return nil
}

// Requester returns who made request ref (records.Store).
func (s *Store) Requester(ctx context.Context, ref string) (service.Applicant, error) {
	var a service.Applicant
	var raw []byte
	if err := s.queryRowRead(ctx, "SELECT applicant FROM cases WHERE ref = ?", ref).Scan(&raw); err != nil {
		return a, notFound(err, "case "+ref)
	}
	return a, unmarshalAll(raw, &a)
}

// LiftRestriction ends a restriction in one transaction (records.Store).
func (s *Store) LiftRestriction(ctx context.Context, l records.Lift) error {
	return s.update(ctx, func(t *tx) error {
		gen, err := nextGeneration(ctx, t)
		if err != nil {
			return err
		}
		// The records were left out of linkage while restricted: they wait
		// to be linked again now, before their marks go.
		if _, err := t.exec(ctx, `INSERT INTO people_pending (record_id, gen)
			SELECT r.id, ? FROM people_records r JOIN people_restrictions pr ON pr.record_key = r.key WHERE pr.request_ref = ?
			ON CONFLICT (record_id) DO UPDATE SET gen = excluded.gen`, gen, l.Request); err != nil {
			return err
		}
		res, err := t.exec(ctx, "DELETE FROM people_restrictions WHERE request_ref = ?", l.Request)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "Request %s restricts nothing", l.Request)
		}
		var hold sql.NullInt64
		if err := t.queryRow(ctx, `UPDATE record_holds SET released_by = ?, released_at = ?
			WHERE target_kind = ? AND reason = ? AND released_at IS NULL RETURNING id`,
			l.Audit.Actor, micros(t.now), records.HoldPerson, l.Hold).Scan(&hold); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e := l.Audit
		e.Detail = withDetail(e.Detail, "hold", hold.Int64)
		if _, err := appendAuditTx(ctx, t, e); err != nil {
			return err
		}
		return insertOutbox(ctx, t, l.Notice)
	})
}

// ProposeCorrection stores a proposed correction (records.Store).
func (s *Store) ProposeCorrection(ctx context.Context, c records.Correction, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `INSERT INTO rights_corrections (request_ref, case_ref, question, value, proposed_by, proposed_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Request, c.Case, c.Question, c.Value, c.ProposedBy, micros(c.ProposedAt)); err != nil {
			return err
		}
		_, err := appendAuditTx(ctx, t, e)
		return err
	})
}

// Corrections lists a request's corrections (records.Store).
func (s *Store) Corrections(ctx context.Context, ref string) ([]records.Correction, error) {
	rows, err := s.queryRead(ctx, `SELECT id, request_ref, case_ref, question, value, state, proposed_by, proposed_at, made_by, made_at
		FROM rights_corrections WHERE request_ref = ? ORDER BY id`, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []records.Correction
	for rows.Next() {
		var c records.Correction
		var proposed int64
		var made sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Request, &c.Case, &c.Question, &c.Value, &c.State, &c.ProposedBy, &proposed, &c.MadeBy, &made); err != nil {
			return nil, err
		}
		c.ProposedAt, c.MadeAt = fromMicros(proposed), timePtr(made)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CorrectionsMade marks corrections made and tells the requester (records.Store).
func (s *Store) CorrectionsMade(ctx context.Context, ids []int64, by string, e audit.Entry, notice jobs.Message) error {
	return s.update(ctx, func(t *tx) error {
		for _, id := range ids {
			if _, err := t.exec(ctx, "UPDATE rights_corrections SET state = 'made', made_by = ?, made_at = ? WHERE id = ? AND state = 'proposed'",
				by, micros(t.now), id); err != nil {
				return err
			}
		}
		if _, err := appendAuditTx(ctx, t, e); err != nil {
			return err
		}
		return insertOutbox(ctx, t, notice)
	})
}
