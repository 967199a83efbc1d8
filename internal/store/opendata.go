package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
)

var _ opendata.Store = (*Store)(nil)

// publishChunk is how many cases one read of a dataset takes: enough that
// a 100,000-row file is 100 queries, small enough that memory stays flat.
const publishChunk = 1000

// Only OFFICIAL cases are ever read for publishing: a case classified
// OFFICIAL-SENSITIVE in a service that publishes stays out of every file,
// and so does a case of a person under a restriction of processing.
var (
	qRecordsNow = `SELECT id, ref, service_id, state, answers, applicant, submitted_at, updated_at, closed_at
		FROM cases WHERE service_id = ? AND classification = 'OFFICIAL' AND ` + unrestrictedCase("cases.") + ` AND id > ? ORDER BY id LIMIT ?`
	// As of a past instant: the state the last event before it left, the
	// time of that event, and closed only if it closed by then.
	qRecordsAsOf = `SELECT c.id, c.ref, c.service_id,
		COALESCE((SELECT e.to_state FROM case_events e WHERE e.case_id = c.id AND e.at < ? AND e.to_state <> '' ORDER BY e.id DESC LIMIT 1), c.state),
		c.answers, c.applicant, c.submitted_at,
		COALESCE((SELECT MAX(e.at) FROM case_events e WHERE e.case_id = c.id AND e.at < ?), c.submitted_at),
		CASE WHEN c.closed_at < ? THEN c.closed_at END
		FROM cases c WHERE c.service_id = ? AND c.classification = 'OFFICIAL' AND ` + unrestrictedCase("c.") + ` AND c.submitted_at < ? AND c.id > ?
		ORDER BY c.id LIMIT ?`
)

// EachRecord implements opendata.Store: keyset paging in chunks, each chunk
// its own short read, so a slow download holds no transaction open.
func (s *Store) EachRecord(ctx context.Context, serviceID string, asOf time.Time, fn func(opendata.Record) error) error {
	var after int64
	for {
		recs, err := s.recordChunk(ctx, serviceID, asOf, after)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(recs) < publishChunk {
			return nil
		}
		after = recs[len(recs)-1].ID
	}
}

func (s *Store) recordChunk(ctx context.Context, serviceID string, asOf time.Time, after int64) ([]opendata.Record, error) {
	var rows *sql.Rows
	var err error
	if asOf.IsZero() {
		rows, err = s.queryRead(ctx, qRecordsNow, serviceID, after, publishChunk)
	} else {
		at := micros(asOf)
		rows, err = s.queryRead(ctx, qRecordsAsOf, at, at, at, serviceID, at, after, publishChunk)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]opendata.Record, 0, publishChunk)
	for rows.Next() {
		r, err := scanPublished(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanPublished(rows *sql.Rows) (opendata.Record, error) {
	var r opendata.Record
	var answers, applicant string
	var submitted, updated int64
	var closed sql.NullInt64
	if err := rows.Scan(&r.ID, &r.Ref, &r.ServiceID, &r.State, &answers, &applicant, &submitted, &updated, &closed); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return r, err
	}
	r.ApplicantName = applicantName(applicant)
	r.SubmittedAt, r.UpdatedAt, r.ClosedAt = fromMicros(submitted), fromMicros(updated), timePtr(closed)
	return r, nil
}

// applicantName reads only the name from the applicant record: it is
// needed to redact free text, and nothing else of the applicant is read.
func applicantName(js string) string {
	var a struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal([]byte(js), &a) // a damaged record redacts by pattern alone
	return a.Name
}

// DatasetStamp implements opendata.Store.
func (s *Store) DatasetStamp(ctx context.Context, serviceID string, asOf time.Time) (opendata.Stamp, error) {
	var st opendata.Stamp
	var modified int64
	if asOf.IsZero() {
		err := s.queryRowRead(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(MAX(id), 0) FROM cases
			WHERE service_id = ? AND classification = 'OFFICIAL' AND `+unrestrictedCase("cases.")+``, serviceID).Scan(&st.Rows, &modified, &st.MaxID)
		if err != nil {
			return st, err
		}
	} else {
		at := micros(asOf)
		err := s.queryRowRead(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM cases
			WHERE service_id = ? AND classification = 'OFFICIAL' AND `+unrestrictedCase("cases.")+` AND submitted_at < ?`, serviceID, at).Scan(&st.Rows, &st.MaxID)
		if err == nil {
			err = s.queryRowRead(ctx, `SELECT COALESCE(MAX(e.at), 0) FROM case_events e JOIN cases c ON c.id = e.case_id
				WHERE c.service_id = ? AND c.classification = 'OFFICIAL' AND e.at < ?`, serviceID, at).Scan(&modified)
		}
		if err != nil {
			return st, err
		}
	}
	if modified > 0 {
		st.Modified = fromMicros(modified)
	}
	return st, nil
}

// CaseBuckets implements opendata.Store. Hours, not days or months, because
// Europe/London is always a whole number of hours from UTC: the domain turns
// hours into UK months exactly, and the SQL stays the same on both databases.
func (s *Store) CaseBuckets(ctx context.Context, serviceID string) ([]opendata.Bucket, error) {
	rows, err := s.queryRead(ctx, `SELECT submitted_at / 3600000000,
		CASE WHEN closed_at IS NULL THEN -1 ELSE (closed_at - submitted_at) / 86400000000 END, COUNT(*)
		FROM cases WHERE service_id = ? AND classification = 'OFFICIAL' AND `+unrestrictedCase("cases.")+` GROUP BY 1, 2`, serviceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opendata.Bucket
	for rows.Next() {
		var b opendata.Bucket
		if err := rows.Scan(&b.Hour, &b.Days, &b.Count); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Timeliness implements opendata.Store from the recorded clock outcomes:
// of OFFICIAL cases of people not restricted, and of cases since deleted
// under their retention rule (the outcome outlives the case).
func (s *Store) Timeliness(ctx context.Context, serviceID string) ([]opendata.MonthOutcome, error) {
	rows, err := s.queryRead(ctx, `SELECT substr(o.done_date, 1, 7), o.met, COUNT(*) FROM case_clock_outcomes o LEFT JOIN cases c ON c.id = o.case_id
		WHERE o.service_id = ? AND o.clock = 'response'
		AND (c.id IS NULL OR c.classification = 'OFFICIAL' AND `+unrestrictedCase("c.")+`) GROUP BY 1, 2`, serviceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opendata.MonthOutcome
	for rows.Next() {
		var m opendata.MonthOutcome
		if err := rows.Scan(&m.Month, &m.Met, &m.Count); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EachResponse implements opendata.Store.
func (s *Store) EachResponse(ctx context.Context, serviceID, transition string, fn func(opendata.Response) error) error {
	rows, err := s.queryRead(ctx, `SELECT c.ref, c.service_id, c.applicant, c.answers, e.fields, c.submitted_at, e.at
		FROM case_events e JOIN cases c ON c.id = e.case_id
		WHERE c.service_id = ? AND c.classification = 'OFFICIAL' AND `+unrestrictedCase("c.")+` AND e.kind = 'transitioned' AND e.transition = ?
		ORDER BY e.at DESC, e.id DESC`, serviceID, transition)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r opendata.Response
		var applicant, answers string
		var fields sql.NullString
		var received, at int64
		if err := rows.Scan(&r.Ref, &r.ServiceID, &applicant, &answers, &fields, &received, &at); err != nil {
			return err
		}
		r.ApplicantName = applicantName(applicant)
		if err := json.Unmarshal([]byte(answers), &r.Request); err != nil {
			return err
		}
		if fields.Valid && fields.String != "" {
			if err := json.Unmarshal([]byte(fields.String), &r.Fields); err != nil {
				return err
			}
		}
		r.ReceivedAt, r.RespondedAt = fromMicros(received), fromMicros(at)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
