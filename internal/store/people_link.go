package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/linkage"
	"github.com/guildhall-platform/guildhall/internal/people"
)

// PendingCount is how many records wait to be linked.
func (s *Store) PendingCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM people_pending").Scan(&n)
	return n, err
}

// PendingRecords returns up to limit waiting records by id, and the
// highest generation at which any of them was marked.
func (s *Store) PendingRecords(ctx context.Context, limit int) ([]people.Record, int64, error) {
	t, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	var gen int64
	if err := t.QueryRowContext(ctx, s.d.rebind(`SELECT COALESCE(MAX(gen), 0) FROM
		(SELECT gen FROM people_pending ORDER BY record_id LIMIT ?) g`), limit).Scan(&gen); err != nil {
		return nil, 0, err
	}
	recs, err := scanRecords(t.QueryContext(ctx, s.d.rebind("SELECT "+recordColumns+
		` FROM people_pending p JOIN people_records ON people_records.id = p.record_id ORDER BY p.record_id LIMIT ?`), limit))
	return recs, gen, err
}

// MarkAllPending makes every record wait to be linked again, deleting the
// stored blocking keys first when dropKeys is set.
func (s *Store) MarkAllPending(ctx context.Context, dropKeys bool) error {
	return s.update(ctx, func(t *tx) error { return markAll(ctx, t, dropKeys) })
}

func markAll(ctx context.Context, t *tx, dropKeys bool) error {
	if dropKeys {
		if _, err := t.exec(ctx, "DELETE FROM people_block_keys"); err != nil {
			return err
		}
	}
	gen, err := nextGeneration(ctx, t)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO people_pending (record_id, gen) SELECT id, ? FROM people_records WHERE true
		ON CONFLICT (record_id) DO UPDATE SET gen = excluded.gen`, gen)
	return err
}

// BlockNeighbours returns the records sharing any of the keys, leaving out
// keys held by more than maxBlock records, which it returns as capped.
func (s *Store) BlockNeighbours(ctx context.Context, keys []people.BlockKey, maxBlock int) ([]people.Record, []people.BlockKey, error) {
	byRule := map[int][]string{}
	for _, k := range keys {
		byRule[k.Rule] = append(byRule[k.Rule], k.Key)
	}
	rules := make([]int, 0, len(byRule))
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Ints(rules)
	var capped []people.BlockKey
	ids := map[int64]bool{}
	for _, r := range rules {
		ks := uniqueStrings(byRule[r])
		for start := 0; start < len(ks); start += inChunk {
			part := ks[start:min(start+inChunk, len(ks))]
			over, err := s.blockMembers(ctx, r, part, maxBlock, ids)
			if err != nil {
				return nil, nil, err
			}
			for _, k := range over {
				capped = append(capped, people.BlockKey{Rule: r, Key: k})
			}
		}
	}
	recs, err := s.recordsByID(ctx, ids)
	return recs, capped, err
}

// blockMembers adds to ids the records of the rule's blocks keyed by keys,
// except blocks of more than maxBlock records, whose keys it returns.
func (s *Store) blockMembers(ctx context.Context, rule int, keys []string, maxBlock int, ids map[int64]bool) ([]string, error) {
	args := append([]any{rule}, anys(keys)...)
	rows, err := s.queryRead(ctx, `SELECT key, COUNT(*) FROM people_block_keys WHERE rule = ? AND key IN (`+
		placeholders(len(keys))+`) GROUP BY key`, args...)
	if err != nil {
		return nil, err
	}
	var over, kept []string
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if n > maxBlock {
			over = append(over, k)
		} else {
			kept = append(kept, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(kept) == 0 {
		return over, err
	}
	args = append([]any{rule}, anys(kept)...)
	rows, err = s.queryRead(ctx, `SELECT record_id FROM people_block_keys WHERE rule = ? AND key IN (`+
		placeholders(len(kept))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	sort.Strings(over)
	return over, rows.Err()
}

// recordsByID reads the records with the given ids, by id.
func (s *Store) recordsByID(ctx context.Context, set map[int64]bool) ([]people.Record, error) {
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return s.recordsIn(ctx, "id", "id", ids)
}

func uniqueStrings(v []string) []string {
	sort.Strings(v)
	out := v[:0]
	for i, s := range v {
		if i == 0 || s != v[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// DecisionsFor returns the decisions involving any of the keys.
func (s *Store) DecisionsFor(ctx context.Context, keys []string) ([]people.Decision, error) {
	seen := map[int64]bool{}
	var out []people.Decision
	for start := 0; start < len(keys); start += inChunk {
		part := anys(keys[start:min(start+inChunk, len(keys))])
		ph := placeholders(len(part))
		ds, err := scanDecisions(s.queryRead(ctx, `SELECT id, left_key, right_key, kind, actor, reason, decided_at
			FROM people_decisions WHERE left_key IN (`+ph+`) OR right_key IN (`+ph+`) ORDER BY id`, append(part, part...)...))
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if !seen[d.ID] {
				seen[d.ID] = true
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// RecordCount is the number of records.
func (s *Store) RecordCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM people_records").Scan(&n)
	return n, err
}

// RecordsAfter returns up to limit records with id above afterID, by id.
func (s *Store) RecordsAfter(ctx context.Context, afterID int64, limit int) ([]people.Record, error) {
	return scanRecords(s.queryRead(ctx, "SELECT "+recordColumns+" FROM people_records WHERE id > ? ORDER BY id LIMIT ?", afterID, limit))
}

// LinkModel returns the stored linkage model. Errors: fault.NotFound.
func (s *Store) LinkModel(ctx context.Context) (people.StoredModel, error) {
	var m people.StoredModel
	var params []byte
	var at int64
	err := s.queryRowRead(ctx, "SELECT settings, params, records, fitted_at FROM people_link_model WHERE id = 1").
		Scan(&m.Settings, &params, &m.Records, &at)
	if err != nil {
		return m, notFound(err, "linkage model")
	}
	m.FittedAt = fromMicros(at)
	var p *linkage.Params
	if err := json.Unmarshal(params, &p); err != nil {
		return m, fmt.Errorf("linkage model: %w", err)
	}
	m.Params = p
	return m, nil
}

// SaveLinkModel stores the model, and with relink makes every record wait
// to be linked again with it (dropping the blocking keys with dropKeys).
func (s *Store) SaveLinkModel(ctx context.Context, m people.StoredModel, relink, dropKeys bool) error {
	params, err := json.Marshal(m.Params)
	if err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO people_link_model (id, settings, params, records, fitted_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, params = excluded.params,
				records = excluded.records, fitted_at = excluded.fitted_at`, m.Settings, string(params), m.Records, micros(m.FittedAt))
		if err != nil || !relink {
			return err
		}
		return markAll(ctx, t, dropKeys)
	})
}

// LeaseLink takes the linkage lease when it is free (expired) or held as
// token, holding it as next; next 0 releases it. One statement, so two
// runs cannot both succeed.
func (s *Store) LeaseLink(ctx context.Context, token, next int64, now time.Time) (bool, error) {
	var res sql.Result
	err := s.update(ctx, func(t *tx) error {
		var err error
		res, err = t.exec(ctx, `UPDATE people_state SET value = ? WHERE key = 'link_lease' AND (value = ? OR value < ?)`,
			next, token, micros(now))
		return err
	})
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SaveLinkage writes one linked batch in one transaction: matched UPRNs,
// persons (new ones inserted), record assignments, affected persons left
// without records deleted, the scope's suggestions replaced, the batch's
// blocking keys replaced and its records no longer waiting (unless marked
// again since). Errors: fault.Conflict when the run lost its lease.
func (s *Store) SaveLinkage(ctx context.Context, out people.LinkOutput) error {
	return s.update(ctx, func(t *tx) error {
		var lease int64
		err := t.queryRow(ctx, "SELECT value FROM people_state WHERE key = 'link_lease'"+t.d.forUpdate()).Scan(&lease)
		if err != nil {
			return err
		}
		if lease != out.Lease {
			return fault.New(fault.Conflict, "linkage lease taken by another run")
		}
		for key, m := range out.UPRNs {
			if _, err := t.exec(ctx, "UPDATE people_records SET uprn = ?, uprn_match = ? WHERE key = ? AND uprn = ''",
				m.UPRN, m.How, key); err != nil {
				return err
			}
		}
		for _, lp := range out.Persons {
			if err := savePerson(ctx, t, lp); err != nil {
				return err
			}
		}
		for _, id := range out.Affected {
			if _, err := t.exec(ctx, `DELETE FROM people_persons WHERE id = ? AND NOT EXISTS
				(SELECT 1 FROM people_records r WHERE r.person_id = ?)`, id, id); err != nil {
				return err
			}
		}
		if err := saveSuggestions(ctx, t, out.Scope, out.Suggestions); err != nil {
			return err
		}
		return finishBatch(ctx, t, out)
	})
}

// finishBatch replaces the batch's blocking keys and stops its records
// waiting, unless marked after the generation the run read; a few
// statements per chunk of records, not a few per record.
func finishBatch(ctx context.Context, t *tx, out people.LinkOutput) error {
	for start := 0; start < len(out.Done); start += inChunk {
		part := out.Done[start:min(start+inChunk, len(out.Done))]
		ids := make([]any, len(part))
		var rows []any
		for i, id := range part {
			ids[i] = id
			for _, k := range out.Keys[id] {
				rows = append(rows, k.Rule, k.Key, id)
			}
		}
		ph := placeholders(len(ids))
		if _, err := t.exec(ctx, "DELETE FROM people_block_keys WHERE record_id IN ("+ph+")", ids...); err != nil {
			return err
		}
		if err := insertRows(ctx, t, "INSERT INTO people_block_keys (rule, key, record_id) VALUES ", 3, rows,
			" ON CONFLICT (rule, key, record_id) DO NOTHING"); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM people_pending WHERE gen <= ? AND record_id IN ("+ph+")",
			append([]any{out.Gen}, ids...)...); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts rows of width values each, many rows a statement.
func insertRows(ctx context.Context, t *tx, head string, width int, vals []any, tail string) error {
	row := "(" + placeholders(width) + ")"
	per := 300 // rows a statement: well under every driver's limit on arguments
	for start := 0; start < len(vals); start += per * width {
		part := vals[start:min(start+per*width, len(vals))]
		n := len(part) / width
		if _, err := t.exec(ctx, head+strings.Repeat(row+", ", n-1)+row+tail, part...); err != nil {
			return err
		}
	}
	return nil
}

func savePerson(ctx context.Context, t *tx, lp people.LinkedPerson) error {
	p := lp.Person
	addr, err := jsonText(p.Address)
	if err != nil {
		return err
	}
	prov, err := jsonText(p.Provenance)
	if err != nil {
		return err
	}
	id := p.ID
	if id == 0 {
		err = t.queryRow(ctx, `INSERT INTO people_persons (given_name, family_name, date_of_birth, email, phone, address,
			postcode, provenance, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.GivenName, p.FamilyName, p.DateOfBirth, p.Email, p.Phone, addr, p.Address.Postcode, prov, micros(t.now)).Scan(&id)
	} else {
		_, err = t.exec(ctx, `UPDATE people_persons SET given_name = ?, family_name = ?, date_of_birth = ?, email = ?,
			phone = ?, address = ?, postcode = ?, provenance = ?, updated_at = ? WHERE id = ?`,
			p.GivenName, p.FamilyName, p.DateOfBirth, p.Email, p.Phone, addr, p.Address.Postcode, prov, micros(t.now), id)
	}
	if err != nil {
		return fmt.Errorf("person %d: %w", id, err)
	}
	return assignRecords(ctx, t, id, lp.Keys)
}

// assignRecords points the keys' records at person id, touching only those
// that move.
func assignRecords(ctx context.Context, t *tx, id int64, keys []string) error {
	for start := 0; start < len(keys); start += inChunk {
		part := keys[start:min(start+inChunk, len(keys))]
		args := []any{id}
		for _, k := range part {
			args = append(args, k)
		}
		args = append(args, id)
		_, err := t.exec(ctx, "UPDATE people_records SET person_id = ? WHERE key IN ("+placeholders(len(part))+
			") AND (person_id IS NULL OR person_id <> ?)", args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// saveSuggestions replaces the suggestions that name any key of scope.
func saveSuggestions(ctx context.Context, t *tx, scope []string, sugs []people.Suggestion) error {
	for start := 0; start < len(scope); start += inChunk {
		part := anys(scope[start:min(start+inChunk, len(scope))])
		ph := placeholders(len(part))
		if _, err := t.exec(ctx, "DELETE FROM people_suggestions WHERE left_key IN ("+ph+") OR right_key IN ("+ph+")",
			append(part, part...)...); err != nil {
			return err
		}
	}
	for _, sg := range sugs {
		why, err := json.Marshal(sg.Why)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO people_suggestions (left_key, right_key, probability, why) VALUES (?, ?, ?, ?)
			ON CONFLICT (left_key, right_key) DO NOTHING`, sg.LeftKey, sg.RightKey, sg.Probability, string(why)); err != nil {
			return err
		}
	}
	return nil
}
