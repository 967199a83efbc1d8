package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
)

var _ people.Store = (*Store)(nil)

// inChunk bounds the arguments of one IN (…) list.
const inChunk = 500

// recordColumns read a people record from people_records (never aliased,
// so that the last column can name it) with the request restricting it.
const recordColumns = `id, key, source, given_name, family_name, date_of_birth, email, phone,
	address, uprn, uprn_match, case_ref, observed_at, person_id,
	COALESCE((SELECT pr.request_ref FROM people_restrictions pr WHERE pr.record_key = people_records.key), '')`

func scanRecord(r scanner) (people.Record, error) {
	var rec people.Record
	var addr []byte
	var observed int64
	var person sql.NullInt64
	err := r.Scan(&rec.ID, &rec.Key, &rec.Source, &rec.GivenName, &rec.FamilyName, &rec.DateOfBirth, &rec.Email,
		&rec.Phone, &addr, &rec.UPRN, &rec.UPRNMatch, &rec.CaseRef, &observed, &person, &rec.RestrictedBy)
	if err != nil {
		return rec, err
	}
	if err := unmarshalAll(addr, &rec.Address); err != nil {
		return rec, fmt.Errorf("record %s: %w", rec.Key, err)
	}
	rec.ObservedAt, rec.PersonID = fromMicros(observed), person.Int64
	return rec, nil
}

func scanRecords(rows *sql.Rows, err error) ([]people.Record, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CasesAfter returns up to limit cases with id above afterID, by id.
func (s *Store) CasesAfter(ctx context.Context, afterID int64, limit int) ([]cases.Case, error) {
	rows, err := s.queryRead(ctx, "SELECT "+caseColumns+" FROM cases WHERE id > ? ORDER BY id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, err
	}
	return scanCases(rows)
}

func scanCases(rows *sql.Rows) ([]cases.Case, error) {
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CasesByRef returns the cases with these references that exist.
func (s *Store) CasesByRef(ctx context.Context, refs []string) ([]cases.Case, error) {
	var out []cases.Case
	for start := 0; start < len(refs); start += inChunk {
		part := refs[start:min(start+inChunk, len(refs))]
		args := make([]any, len(part))
		for i, r := range part {
			args[i] = r
		}
		rows, err := s.queryRead(ctx, "SELECT "+caseColumns+" FROM cases WHERE ref IN ("+placeholders(len(part))+")", args...)
		if err != nil {
			return nil, err
		}
		cs, err := scanCases(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

func (s *Store) peopleState(ctx context.Context, q queryRower, key string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, s.d.rebind("SELECT value FROM people_state WHERE key = ?"), key).Scan(&v)
	return v, err
}

// queryRower is a *sql.DB or *sql.Tx.
type queryRower interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// CasesWatermark is the id of the last case turned into a person record.
func (s *Store) CasesWatermark(ctx context.Context) (int64, error) {
	return s.peopleState(ctx, s.read, "cases_after")
}

// SaveRecords upserts records by key (keeping the person they belong to),
// marks them waiting to be linked, adds case places, moves the case
// watermark and queues outbox messages, in one transaction.
func (s *Store) SaveRecords(ctx context.Context, b people.RecordBatch) error {
	return s.update(ctx, func(t *tx) error {
		gen, err := nextGeneration(ctx, t)
		if err != nil {
			return err
		}
		ids := make([]int64, len(b.Records))
		for i, r := range b.Records {
			if ids[i], err = upsertRecord(ctx, t, r); err != nil {
				return err
			}
		}
		if err := markPending(ctx, t, gen, ids...); err != nil {
			return err
		}
		if b.Unmatched {
			if _, err := t.exec(ctx, `INSERT INTO people_pending (record_id, gen)
				SELECT id, ? FROM people_records WHERE uprn = '' AND postcode <> ''
				ON CONFLICT (record_id) DO UPDATE SET gen = excluded.gen`, gen); err != nil {
				return err
			}
		}
		for _, p := range b.Places {
			if _, err := t.exec(ctx, `INSERT INTO people_case_places (case_ref, uprn) VALUES (?, ?)
				ON CONFLICT (uprn, case_ref) DO NOTHING`, p.CaseRef, p.UPRN); err != nil {
				return err
			}
		}
		if b.CasesAfter != nil {
			if _, err := t.exec(ctx, "UPDATE people_state SET value = ? WHERE key = 'cases_after'", *b.CasesAfter); err != nil {
				return err
			}
		}
		if _, err := appendAuditTx(ctx, t, b.Audit...); err != nil {
			return err
		}
		return insertOutbox(ctx, t, b.Outbox...)
	})
}

// nextGeneration counts a change to the records and returns its number:
// records marked waiting carry it, so a run that read them at an earlier
// generation leaves them waiting. The row lock orders generations as
// their transactions commit.
func nextGeneration(ctx context.Context, t *tx) (int64, error) {
	var gen int64
	err := t.queryRow(ctx, "UPDATE people_state SET value = value + 1 WHERE key = 'generation' RETURNING value").Scan(&gen)
	return gen, err
}

// markPending makes the records wait to be linked, as of generation gen.
func markPending(ctx context.Context, t *tx, gen int64, ids ...int64) error {
	rows := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		rows = append(rows, id, gen)
	}
	return insertRows(ctx, t, "INSERT INTO people_pending (record_id, gen) VALUES ", 2, rows,
		" ON CONFLICT (record_id) DO UPDATE SET gen = excluded.gen")
}

func upsertRecord(ctx context.Context, t *tx, r people.Record) (int64, error) {
	addr, err := jsonText(r.Address)
	if err != nil {
		return 0, err
	}
	var id int64
	err = t.queryRow(ctx, `INSERT INTO people_records (key, source, given_name, family_name, family_lower, given_lower,
			date_of_birth, email, phone, address, postcode, uprn, uprn_match, case_ref, observed_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET source = excluded.source, given_name = excluded.given_name,
			family_name = excluded.family_name, family_lower = excluded.family_lower, given_lower = excluded.given_lower,
			date_of_birth = excluded.date_of_birth, email = excluded.email, phone = excluded.phone,
			address = excluded.address, postcode = excluded.postcode, uprn = excluded.uprn,
			uprn_match = excluded.uprn_match, case_ref = excluded.case_ref, observed_at = excluded.observed_at,
			updated_at = excluded.updated_at
		RETURNING id`,
		r.Key, r.Source, r.GivenName, r.FamilyName, strings.ToLower(r.FamilyName), strings.ToLower(r.GivenName),
		r.DateOfBirth, r.Email, r.Phone, addr, r.Address.Postcode, r.UPRN, r.UPRNMatch, r.CaseRef,
		micros(r.ObservedAt), micros(t.now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record %s: %w", r.Key, err)
	}
	return id, nil
}

// SaveProperties upserts gazetteer properties by UPRN in one transaction.
func (s *Store) SaveProperties(ctx context.Context, props []people.Property, entries ...audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		for _, p := range props {
			if err := upsertProperty(ctx, t, p); err != nil {
				return err
			}
		}
		_, err := appendAuditTx(ctx, t, entries...)
		return err
	})
}

func upsertProperty(ctx context.Context, t *tx, p people.Property) error {
	sao, err := jsonText(p.SAO)
	if err != nil {
		return err
	}
	pao, err := jsonText(p.PAO)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO people_properties (uprn, usrn, parent_uprn, sao, pao, street, locality, town,
			postcode, x, y, lat, lon, logical_status, class, sort_key, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (uprn) DO UPDATE SET usrn = excluded.usrn, parent_uprn = excluded.parent_uprn, sao = excluded.sao,
			pao = excluded.pao, street = excluded.street, locality = excluded.locality, town = excluded.town,
			postcode = excluded.postcode, x = excluded.x, y = excluded.y, lat = excluded.lat, lon = excluded.lon,
			logical_status = excluded.logical_status, class = excluded.class, sort_key = excluded.sort_key,
			updated_at = excluded.updated_at`,
		p.UPRN, p.USRN, p.ParentUPRN, sao, pao, p.Street, p.Locality, p.Town, p.Postcode, p.X, p.Y, p.Lat, p.Lon,
		int(p.Status), p.Classification, propertySortKey(p), micros(t.now))
	if err != nil {
		return fmt.Errorf("property %s: %w", p.UPRN, err)
	}
	return nil
}

// propertySortKey orders a postcode's addresses as people expect: by
// street, then house number, then flat number, then names.
func propertySortKey(p people.Property) string {
	return fmt.Sprintf("%s|%05d%s|%s|%05d%s|%s", strings.ToLower(p.Street), p.PAO.StartNumber, p.PAO.StartSuffix,
		strings.ToLower(p.PAO.Text), p.SAO.StartNumber, p.SAO.StartSuffix, strings.ToLower(p.SAO.Text))
}

const propertyColumns = `uprn, usrn, parent_uprn, sao, pao, street, locality, town, postcode, x, y, lat, lon,
	logical_status, class, updated_at`

func scanProperty(r scanner) (people.Property, error) {
	var p people.Property
	var sao, pao []byte
	var status int
	var updated int64
	err := r.Scan(&p.UPRN, &p.USRN, &p.ParentUPRN, &sao, &pao, &p.Street, &p.Locality, &p.Town, &p.Postcode,
		&p.X, &p.Y, &p.Lat, &p.Lon, &status, &p.Classification, &updated)
	if err != nil {
		return p, err
	}
	p.Status, p.UpdatedAt = people.LogicalStatus(status), fromMicros(updated)
	return p, unmarshalAll(sao, &p.SAO, pao, &p.PAO)
}

// Property returns a property by UPRN. Errors: fault.NotFound.
func (s *Store) Property(ctx context.Context, uprn string) (people.Property, error) {
	p, err := scanProperty(s.queryRowRead(ctx, "SELECT "+propertyColumns+" FROM people_properties WHERE uprn = ?", uprn))
	return p, notFound(err, "property "+uprn)
}

// PlacePoint implements cases.Places from the gazetteer's latitude and
// longitude (0 when the gazetteer gave none).
func (s *Store) PlacePoint(ctx context.Context, uprn string) (cases.Point, bool, error) {
	var p cases.Point
	err := s.queryRowRead(ctx, "SELECT lat, lon FROM people_properties WHERE uprn = ?", uprn).Scan(&p.Lat, &p.Lng)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil && (p.Lat != 0 || p.Lng != 0), err
}

// PropertiesByPostcode returns the current (not historical) properties at a
// normalised postcode, in address order.
func (s *Store) PropertiesByPostcode(ctx context.Context, postcode string) ([]people.Property, error) {
	m, err := s.PropertiesByPostcodes(ctx, []string{postcode})
	return m[postcode], err
}

// PropertiesByPostcodes returns the current properties at each postcode,
// in address order, reading up to inChunk postcodes a query.
func (s *Store) PropertiesByPostcodes(ctx context.Context, postcodes []string) (map[string][]people.Property, error) {
	out := map[string][]people.Property{}
	for start := 0; start < len(postcodes); start += inChunk {
		part := postcodes[start:min(start+inChunk, len(postcodes))]
		args := append(anys(part), int(people.StatusHistorical))
		rows, err := s.queryRead(ctx, "SELECT "+propertyColumns+` FROM people_properties
			WHERE postcode IN (`+placeholders(len(part))+`) AND logical_status <> ? ORDER BY postcode, sort_key, uprn`, args...)
		if err != nil {
			return nil, err
		}
		if err := scanProperties(rows, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanProperties(rows *sql.Rows, out map[string][]people.Property) error {
	defer rows.Close()
	for rows.Next() {
		p, err := scanProperty(rows)
		if err != nil {
			return err
		}
		out[p.Postcode] = append(out[p.Postcode], p)
	}
	return rows.Err()
}

// CaseRefsAt returns the references of the cases at a UPRN: named by an
// answer, or by the applicant's (matched) address.
func (s *Store) CaseRefsAt(ctx context.Context, uprn string) ([]string, error) {
	rows, err := s.queryRead(ctx, `SELECT case_ref FROM people_case_places WHERE uprn = ?
		UNION SELECT case_ref FROM people_records WHERE uprn = ? AND case_ref <> ''`, uprn, uprn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out = append(out, ref)
	}
	return out, rows.Err()
}

// PersonOfRecord returns the person a record belongs to. Errors: fault.NotFound.
func (s *Store) PersonOfRecord(ctx context.Context, key string) (int64, error) {
	var id sql.NullInt64
	err := s.queryRowRead(ctx, "SELECT person_id FROM people_records WHERE key = ?", key).Scan(&id)
	if err == nil && !id.Valid {
		err = sql.ErrNoRows
	}
	return id.Int64, notFound(err, "record "+key)
}

// RecordsOfPersons returns the records of the given persons.
func (s *Store) RecordsOfPersons(ctx context.Context, ids []int64) ([]people.Record, error) {
	return s.recordsIn(ctx, "person_id", "person_id, id", ids)
}

// recordsIn reads the records whose column is one of ids, inChunk ids a
// query so no statement outgrows a driver's parameter limit.
func (s *Store) recordsIn(ctx context.Context, column, order string, ids []int64) ([]people.Record, error) {
	var out []people.Record
	for start := 0; start < len(ids); start += inChunk {
		part := ids[start:min(start+inChunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		recs, err := scanRecords(s.queryRead(ctx, "SELECT "+recordColumns+" FROM people_records WHERE "+column+" IN ("+
			placeholders(len(part))+") ORDER BY "+order, args...))
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// FindRecords returns up to q.Limit linked records matching every given
// part of q.
func (s *Store) FindRecords(ctx context.Context, q people.Query) ([]people.Record, error) {
	where := []string{"person_id IS NOT NULL"}
	var args []any
	if q.FamilyName != "" {
		where, args = append(where, "family_lower = ?"), append(args, strings.ToLower(q.FamilyName))
	}
	if q.GivenName != "" {
		where, args = append(where, "given_lower LIKE ?"), append(args, likePrefix(strings.ToLower(q.GivenName)))
	}
	if q.DateOfBirth != "" {
		where, args = append(where, "date_of_birth = ?"), append(args, q.DateOfBirth)
	}
	if q.Postcode != "" {
		where, args = append(where, "postcode = ?"), append(args, q.Postcode)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	args = append(args, limit)
	return scanRecords(s.queryRead(ctx, "SELECT "+recordColumns+" FROM people_records WHERE "+
		strings.Join(where, " AND ")+" ORDER BY person_id, id LIMIT ?", args...))
}

// likePrefix escapes LIKE wildcards in v and appends %.
func likePrefix(v string) string { return likeEscaper.Replace(v) + "%" }

// likeEscaper escapes LIKE's wildcards, for patterns with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Suggestions returns the suggestions involving any of the keys, with the
// persons their records belong to now.
func (s *Store) Suggestions(ctx context.Context, keys []string) ([]people.Suggestion, error) {
	var out []people.Suggestion
	for start := 0; start < len(keys); start += inChunk {
		part := keys[start:min(start+inChunk, len(keys))]
		args := make([]any, 0, 2*len(part))
		for _, k := range part {
			args = append(args, k)
		}
		args = append(args, args...)
		ph := placeholders(len(part))
		rows, err := s.queryRead(ctx, `SELECT g.left_key, g.right_key, g.probability, g.why, l.person_id, r.person_id
			FROM people_suggestions g
			JOIN people_records l ON l.key = g.left_key
			JOIN people_records r ON r.key = g.right_key
			WHERE g.left_key IN (`+ph+`) OR g.right_key IN (`+ph+`)
			ORDER BY g.probability DESC, g.left_key, g.right_key`, args...)
		if err != nil {
			return nil, err
		}
		sugs, err := scanSuggestions(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sugs...)
	}
	return out, nil
}

func scanSuggestions(rows *sql.Rows) ([]people.Suggestion, error) {
	defer rows.Close()
	var out []people.Suggestion
	for rows.Next() {
		var sg people.Suggestion
		var why []byte
		var lp, rp sql.NullInt64
		if err := rows.Scan(&sg.LeftKey, &sg.RightKey, &sg.Probability, &why, &lp, &rp); err != nil {
			return nil, err
		}
		if err := unmarshalAll(why, &sg.Why); err != nil {
			return nil, err
		}
		sg.LeftPerson, sg.RightPerson = lp.Int64, rp.Int64
		out = append(out, sg)
	}
	return out, rows.Err()
}

// SaveDecisions records officers' decisions, each replacing an earlier one
// on the same pair, with the audit entry, and counts a new generation.
func (s *Store) SaveDecisions(ctx context.Context, ds []people.Decision, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		for _, d := range ds {
			_, err := t.exec(ctx, `INSERT INTO people_decisions (left_key, right_key, kind, actor, reason, decided_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (left_key, right_key) DO UPDATE SET kind = excluded.kind, actor = excluded.actor,
					reason = excluded.reason, decided_at = excluded.decided_at`,
				d.Left, d.Right, string(d.Kind), d.Actor, d.Reason, micros(d.DecidedAt))
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, "DELETE FROM people_suggestions WHERE left_key = ? AND right_key = ?", d.Left, d.Right); err != nil {
				return err
			}
		}
		chain, err := lockAuditHead(ctx, t)
		if err != nil {
			return err
		}
		if err := chain.append(ctx, t, e); err != nil {
			return err
		}
		if err := chain.save(ctx, t); err != nil {
			return err
		}
		return markDecided(ctx, t, ds)
	})
}

// markDecided makes both records of each decision wait to be linked again.
func markDecided(ctx context.Context, t *tx, ds []people.Decision) error {
	gen, err := nextGeneration(ctx, t)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if _, err := t.exec(ctx, `INSERT INTO people_pending (record_id, gen)
			SELECT id, ? FROM people_records WHERE key IN (?, ?)
			ON CONFLICT (record_id) DO UPDATE SET gen = excluded.gen`, gen, d.Left, d.Right); err != nil {
			return err
		}
	}
	return nil
}

// LinkInput returns every record, decision and person (for tests and
// checks; linkage itself reads only what changed).
func (s *Store) LinkInput(ctx context.Context) (people.LinkInput, error) {
	var in people.LinkInput
	// one read transaction, so records, decisions and persons agree
	t, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return in, err
	}
	defer t.Rollback()
	if in.Records, err = scanRecords(t.QueryContext(ctx, "SELECT "+recordColumns+" FROM people_records ORDER BY id")); err != nil {
		return in, err
	}
	in.Decisions, err = scanDecisions(t.QueryContext(ctx, `SELECT id, left_key, right_key, kind, actor, reason, decided_at
		FROM people_decisions ORDER BY id`))
	if err != nil {
		return in, err
	}
	in.Persons, err = scanPersons(t.QueryContext(ctx, `SELECT id, given_name, family_name, date_of_birth, email, phone,
		address, provenance, updated_at FROM people_persons`))
	return in, err
}

func scanPersons(rows *sql.Rows, err error) (map[int64]people.Person, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]people.Person{}
	for rows.Next() {
		var p people.Person
		var addr, prov []byte
		var at int64
		if err := rows.Scan(&p.ID, &p.GivenName, &p.FamilyName, &p.DateOfBirth, &p.Email, &p.Phone, &addr, &prov, &at); err != nil {
			return nil, err
		}
		if err := unmarshalAll(addr, &p.Address, prov, &p.Provenance); err != nil {
			return nil, fmt.Errorf("person %d: %w", p.ID, err)
		}
		p.UpdatedAt = fromMicros(at)
		out[p.ID] = p
	}
	return out, rows.Err()
}

func scanDecisions(rows *sql.Rows, err error) ([]people.Decision, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Decision
	for rows.Next() {
		var d people.Decision
		var at int64
		if err := rows.Scan(&d.ID, &d.Left, &d.Right, &d.Kind, &d.Actor, &d.Reason, &at); err != nil {
			return nil, err
		}
		d.DecidedAt = fromMicros(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
