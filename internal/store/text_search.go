package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// textIndex is a full-text index over one table's rows: cases or filed
// documents. Both are searched by the same bounded plan (searchText).
type textIndex struct {
	fts     string // SQLite FTS5 table; its rowid is the row's id
	table   string // PostgreSQL search table, with a tsv column
	key     string // the search table's column holding the row's id
	rows    string // the table searched, with its alias if any
	rowID   string // the searched table's id column, qualified
	columns string // what a match selects of the searched table
}

var (
	caseText = textIndex{fts: "case_search_fts", table: "case_search", key: "case_id",
		rows: "cases", rowID: "cases.id", columns: matchColumns}
	documentText = textIndex{fts: "record_search_fts", table: "record_search", key: "document_id",
		rows: "record_documents d", rowID: "d.id", columns: documentColumns}
)

// textSearch is one bounded text search: the newest (at most limit) rows
// of ix's table holding every word of text and meeting conds (an " AND …"
// clause over the searched table, with args), read as selectCols (columns
// of ix.columns unqualified, text_rank, candidates) in order.
type textSearch struct {
	ix                       textIndex
	text                     string
	selectCols, conds, order string
	args                     []any
	limit                    int
}

// textRead is how a search reads a word's matches: by walking the rows
// newest first and testing each (walk: a word in more than
// commonWordMatches rows, whose newest matches are near the top), or
// through the index, at most most of them, only those whose id is above
// above (0: all).
type textRead struct {
	walk  bool
	above int64
	most  int
}

// firstWindow, when above zero, is the span of ids a search through the
// index reads first, in place of the span the estimate suggests. A
// variable only so that a test can move it (SetFirstWindow).
var firstWindow int64

// searchText runs q, scanning each row with scan, which also gives the
// row's candidates column. Where the dialect estimates first (PostgreSQL),
// a word the planner does not expect in more than commonWordMatches rows
// is read through the index: if it has fewer than twice the limit of
// matches (counted, without reading the rows), all of them, as a rare
// word's (the planner cannot tell a rare word from one in 1 in 50 rows:
// both are below its statistics); if more, in windows of the newest ids,
// each sized from the estimates (of the word, and of the share of rows the
// filters pass) to hold about twice the limit's matches that pass, and
// widened until the limit is filled or
// the window holds every id. A word in 20,000 rows then reads about 4,000
// of them, not all 20,000 (each on its own heap page). If a read held more
// than commonWordMatches matches (the estimate was wrong), the search is
// run again as for a common word, so the matches are always the newest.
func searchText[T any](ctx context.Context, s *Store, q textSearch, scan func(*sql.Rows) (T, int, error)) ([]T, error) {
	if s.d.matchEstimate(q.ix) == "" { // the dialect decides in its query (SQLite)
		found, _, err := searchOnce(ctx, s, q, textRead{}, scan)
		return found, err
	}
	rows, err := s.estimateMatches(ctx, q.ix, q.text)
	if err != nil {
		return nil, err
	}
	if rows > float64(commonWordMatches) {
		return searchWalk(ctx, s, q, scan)
	}
	pass, err := s.passing(ctx, q)
	if err != nil {
		return nil, err
	}
	var top, span int64 // top 0: every match is read
	if pass >= windowedShare {
		few := 2 * q.limit
		var matches int
		err = s.queryRowRead(ctx, s.d.matchCount(q.ix, few), s.d.textArg(q.text)).Scan(&matches)
		if err != nil && !errors.Is(err, sql.ErrNoRows) { // no rows: text no row can hold
			return nil, fmt.Errorf("text search: %w", err)
		}
		if matches < few {
			found, _, err := searchOnce(ctx, s, q, textRead{most: few}, scan)
			return found, err
		}
		if err := s.queryRowRead(ctx, "SELECT coalesce(max("+q.ix.key+"), 0) FROM "+q.ix.table).Scan(&top); err != nil {
			return nil, fmt.Errorf("text search: %w", err)
		}
		span = window(max(rows, float64(few))*pass, top, q.limit)
	}
	for {
		read := textRead{above: max(0, top-span), most: commonWordMatches + 1}
		if span > top/4 { // the planner walks a wide window's ids, testing every row
			read.above = 0
		}
		found, candidates, err := searchCounted(ctx, s, q, read, scan)
		switch {
		case err != nil:
			return nil, err
		case candidates > commonWordMatches:
			return searchWalk(ctx, s, q, scan)
		case len(found) >= q.limit || read.above == 0:
			return found, nil
		}
		span *= widen(len(found), q.limit)
	}
}

func searchWalk[T any](ctx context.Context, s *Store, q textSearch, scan func(*sql.Rows) (T, int, error)) ([]T, error) {
	found, _, err := searchOnce(ctx, s, q, textRead{walk: true}, scan)
	return found, err
}

// searchCounted is searchOnce through the index, counting the matches
// read (up to read.most) when no row was found to carry the count and the
// read was of every id.
func searchCounted[T any](ctx context.Context, s *Store, q textSearch, read textRead, scan func(*sql.Rows) (T, int, error)) ([]T, int, error) {
	found, candidates, err := searchOnce(ctx, s, q, read, scan)
	if err != nil || len(found) > 0 || read.above > 0 {
		return found, candidates, err
	}
	err = s.queryRowRead(ctx, s.d.matchCount(q.ix, read.most), s.d.textArg(q.text)).Scan(&candidates)
	if err != nil && !errors.Is(err, sql.ErrNoRows) { // no rows: text no row can hold
		return nil, 0, fmt.Errorf("text search: %w", err)
	}
	return found, candidates, nil
}

// window is the span of the newest ids first read for a word the planner
// expects in rows of the ids up to top: about twice limit's matches if
// the ids are evenly spread, or every id.
func window(rows float64, top int64, limit int) int64 {
	if firstWindow > 0 {
		return firstWindow
	}
	if rows < 1 || float64(top)*2*float64(limit)/rows >= float64(top) {
		return top
	}
	return max(1, int64(float64(top)*2*float64(limit)/rows))
}

// widen is how many times wider the next window is, when one gave found
// rows (that passed the filters) of the limit wanted: enough for the
// limit with a quarter to spare if the rest are like them, between 2 and
// 16 times.
func widen(found, limit int) int64 {
	if found == 0 {
		return 16
	}
	return min(16, max(2, int64(limit*5/(found*4))+1))
}

func searchOnce[T any](ctx context.Context, s *Store, q textSearch, read textRead, scan func(*sql.Rows) (T, int, error)) ([]T, int, error) {
	query := "SELECT " + q.selectCols + " FROM (" + s.d.textMatches(q.ix, q.conds, read) + ") matches ORDER BY " + q.order
	rows, err := s.queryRead(ctx, query, append(append(s.d.textMatchArgs(q.text), q.args...), q.limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("text search: %w", err)
	}
	defer rows.Close()
	var out []T
	candidates := 0
	for rows.Next() {
		v, n, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out, candidates = append(out, v), n
	}
	return out, candidates, rows.Err()
}

// estimateMatches is the planner's estimate of the rows of ix holding the
// words of text (0 for text no row can hold).
func (s *Store) estimateMatches(ctx context.Context, ix textIndex, text string) (float64, error) {
	return s.planRows(ctx, s.d.matchEstimate(ix), s.d.textArg(text))
}

// windowedShare is the least share of rows a search's filters must pass
// for it to read a word's matches in windows. Below it (a reader who may
// find a fifth of the cases, or only the OFFICIAL documents) every match
// is read, as before windows: measured at 1M, each wider window read again
// what the narrower one had read, and a word whose matches the reader may
// not find widened to every id, so windows cost such readers more.
const windowedShare = 0.9

// passing is the planner's estimate of the share of q's rows that meet its
// filters (the reader's access scope among them).
func (s *Store) passing(ctx context.Context, q textSearch) (float64, error) {
	if q.conds == "" {
		return 1, nil
	}
	all, err := s.planRows(ctx, "EXPLAIN (FORMAT JSON) SELECT FROM "+q.ix.rows)
	if err != nil || all < 1 {
		return 1, err
	}
	some, err := s.planRows(ctx, "EXPLAIN (FORMAT JSON) SELECT FROM "+q.ix.rows+" WHERE true"+q.conds, q.args...)
	if err != nil {
		return 1, err
	}
	return min(1, max(0.001, some/all)), nil
}

// planRows is the rows the planner expects of the query explained (as
// JSON) by explain; 0 if it has no plan (text no row can hold).
func (s *Store) planRows(ctx context.Context, explain string, args ...any) (float64, error) {
	var plan []byte
	switch err := s.queryRowRead(ctx, explain, args...).Scan(&plan); {
	case errors.Is(err, sql.ErrNoRows): // text no row can hold (text_guard.go): it matches nothing
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("text search: estimate: %w", err)
	}
	var explained []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &explained); err != nil || len(explained) != 1 {
		return 0, fmt.Errorf("text search: estimate %q: %v", plan, err)
	}
	return explained[0].Plan.Rows, nil
}

// snippets returns, for each of ids (rows of ix) holding the words of
// text, a snippet of its search text with the words marked « »: FTS5's
// snippet on SQLite, ts_headline on PostgreSQL. Only a page's rows are
// given: a snippet of every match, thrown away, cost ten times the search.
// On SQLite the ids' range bounds the full-text read.
func (s *Store) snippets(ctx context.Context, ix textIndex, text string, ids []int64) (map[int64]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{s.d.textArg(text)}
	for _, id := range ids {
		args = append(args, id)
	}
	query := `SELECT ` + ix.key + `, ts_headline('english', body, websearch_to_tsquery('english', ?), 'StartSel=«, StopSel=», MaxWords=24, MinWords=8')
		FROM ` + ix.table + ` WHERE ` + ix.key + ` IN (` + placeholders(len(ids)) + `)`
	if s.d.name() == "sqlite" {
		query = `SELECT rowid, snippet(` + ix.fts + `, 1, '«', '»', '…', 16) FROM ` + ix.fts + `
			WHERE ` + ix.fts + ` MATCH ? AND rowid IN (` + placeholders(len(ids)) + `) AND rowid BETWEEN ? AND ?`
		args = append(args, slices.Min(ids), slices.Max(ids))
	}
	rows, err := s.queryRead(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("snippets: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var snippet string
		if err := rows.Scan(&id, &snippet); err != nil {
			return nil, err
		}
		out[id] = snippet
	}
	return out, rows.Err()
}

// CaseSnippets returns, for each of ids holding the words of text, a
// snippet of the case's search text with the words marked « ».
func (s *Store) CaseSnippets(ctx context.Context, text string, ids []int64) (map[int64]string, error) {
	return s.snippets(ctx, caseText, text, ids)
}
