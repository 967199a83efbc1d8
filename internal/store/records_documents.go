package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

var _ records.DocumentStore = (*Store)(nil)

const documentColumns = `d.id, d.title, d.description, d.author, d.doc_date, d.class_id, d.classification, d.team,
	d.space_id, d.related_cases, d.created_by, d.created_at, d.updated_at, d.declared_at, d.declared_by, d.version`

// scanDocuments reads every row of a documents query, and closes it.
func scanDocuments(rows *sql.Rows) ([]records.Document, error) {
	defer rows.Close()
	var out []records.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func scanDocument(r scanner, extra ...any) (records.Document, error) {
	var d records.Document
	var class, related string
	var space, declared sql.NullInt64
	var created, updated int64
	dest := append([]any{&d.ID, &d.Title, &d.Description, &d.Author, &d.Date, &d.ClassID, &class, &d.Team,
		&space, &related, &d.CreatedBy, &created, &updated, &declared, &d.DeclaredBy, &d.Version}, extra...)
	if err := r.Scan(dest...); err != nil {
		return d, err
	}
	d.Classification, d.SpaceID = service.Classification(class), space.Int64
	d.CreatedAt, d.UpdatedAt, d.DeclaredAt = fromMicros(created), fromMicros(updated), timePtr(declared)
	return d, json.Unmarshal([]byte(related), &d.RelatedCases)
}

// CreateDocument writes a document, its first version and search text
// (records.DocumentStore).
func (s *Store) CreateDocument(ctx context.Context, d records.Document, v records.Version, text string, e audit.Entry) (int64, error) {
	related, err := jsonText(nonNil(d.RelatedCases))
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `INSERT INTO record_documents (title, description, author, doc_date, class_id, classification, team,
			space_id, related_cases, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
			d.Title, d.Description, d.Author, d.Date, d.ClassID, string(d.Classification), d.Team, nullID(d.SpaceID), related,
			d.CreatedBy, micros(d.CreatedAt), micros(d.UpdatedAt)).Scan(&id)
		if err != nil {
			return err
		}
		if err := insertVersion(ctx, t, id, v); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO record_search (document_id, title, body) VALUES (?, ?, ?)", id, d.Title, text); err != nil {
			return err
		}
		e.Subject = fmt.Sprintf("document:%d", id)
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertVersion(ctx context.Context, t *tx, id int64, v records.Version) error {
	_, err := t.exec(ctx, `INSERT INTO record_versions (document_id, version, blob_key, name, content_type, size, note, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, v.Number, v.File.Key, v.File.Name, v.File.ContentType, v.File.Size, v.Note, v.UploadedBy, micros(v.UploadedAt))
	return err
}

// AddVersion adds a version unless the document is a record (records.DocumentStore).
func (s *Store) AddVersion(ctx context.Context, id int64, v records.Version, text string, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE record_documents SET version = ?, updated_at = ? WHERE id = ? AND version = ? AND declared_at IS NULL",
			v.Number, micros(v.UploadedAt), id, v.Number-1)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return documentRefusal(ctx, t, id)
		}
		if err := insertVersion(ctx, t, id, v); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE record_search SET body = ? WHERE document_id = ?", text, id); err != nil {
			return err
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

// documentRefusal says why a guarded update changed nothing.
func documentRefusal(ctx context.Context, t *tx, id int64) error {
	var declared sql.NullInt64
	if err := t.queryRow(ctx, "SELECT declared_at FROM record_documents WHERE id = ?", id).Scan(&declared); err != nil {
		return notFound(err, fmt.Sprintf("document %d", id))
	}
	if declared.Valid {
		return records.ErrDeclared
	}
	return fault.New(fault.Conflict, "Someone else changed this document: look at it again")
}

// Declare marks a document a record (records.DocumentStore).
func (s *Store) Declare(ctx context.Context, id int64, by string, e audit.Entry) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, "UPDATE record_documents SET declared_at = ?, declared_by = ?, updated_at = ? WHERE id = ? AND declared_at IS NULL",
			micros(t.now), by, micros(t.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return documentRefusal(ctx, t, id)
		}
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
}

// Document returns a document with its versions (records.DocumentStore).
func (s *Store) Document(ctx context.Context, id int64) (records.Document, error) {
	d, err := scanDocument(s.queryRowRead(ctx, "SELECT "+documentColumns+" FROM record_documents d WHERE d.id = ?", id))
	if err != nil {
		return d, notFound(err, fmt.Sprintf("document %d", id))
	}
	rows, err := s.queryRead(ctx, `SELECT version, blob_key, name, content_type, size, note, uploaded_by, uploaded_at
		FROM record_versions WHERE document_id = ? ORDER BY version`, id)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var v records.Version
		var at int64
		if err := rows.Scan(&v.Number, &v.File.Key, &v.File.Name, &v.File.ContentType, &v.File.Size, &v.Note, &v.UploadedBy, &at); err != nil {
			return d, err
		}
		v.UploadedAt = fromMicros(at)
		d.Versions = append(d.Versions, v)
	}
	return d, rows.Err()
}

// documentMatchColumns are documentColumns as named by a match (without
// the table's alias).
var documentMatchColumns = strings.ReplaceAll(documentColumns, "d.", "")

// SearchDocuments returns up to limit of the newest documents holding every
// word of q.Text, meeting q's filters and let through by q.Access, best first (bm25 on SQLite,
// ts_rank on PostgreSQL, ties newest first); when q.Text is blank, the most
// recently updated (records.DocumentStore). The plan is case search's
// (searchText): its cost follows limit, not the words.
func (s *Store) SearchDocuments(ctx context.Context, q records.DocumentQuery, limit int) ([]records.Document, error) {
	var w where
	if q.ClassID != "" {
		w.add("d.class_id = ?", q.ClassID)
	}
	if q.Classification != "" {
		w.add("d.classification = ?", string(q.Classification))
	}
	if q.Team != "" {
		w.add("d.team = ?", q.Team)
	}
	if !q.From.IsZero() {
		w.add("d.updated_at >= ?", micros(q.From))
	}
	if !q.To.IsZero() {
		w.add("d.updated_at < ?", micros(q.To))
	}
	addRecordScope(&w, q.Access, "d", "d.space_id")
	if strings.TrimSpace(q.Text) == "" {
		rows, err := s.queryRead(ctx, "SELECT "+documentColumns+" FROM record_documents d"+w.sql()+
			" ORDER BY d.updated_at DESC, d.id DESC LIMIT ?", append(w.args, limit)...)
		if err != nil {
			return nil, fmt.Errorf("search documents: %w", err)
		}
		return scanDocuments(rows)
	}
	return searchText(ctx, s, textSearch{ix: documentText, text: q.Text, selectCols: documentMatchColumns + ", candidates",
		conds: w.and(), args: w.args, order: "text_rank, id DESC", limit: limit},
		func(rows *sql.Rows) (records.Document, int, error) {
			var candidates int
			d, err := scanDocument(rows, &candidates)
			return d, candidates, err
		})
}

// DocumentSnippets returns, for each of ids holding the words of text, a
// snippet of its text with the words marked « » (records.DocumentStore).
func (s *Store) DocumentSnippets(ctx context.Context, text string, ids []int64) (map[int64]string, error) {
	return s.snippets(ctx, documentText, text, ids)
}

// Space returns a collaboration space with its members (records.DocumentStore).
func (s *Store) Space(ctx context.Context, id int64) (records.Space, error) {
	var sp records.Space
	var class string
	var at int64
	err := s.queryRowRead(ctx, "SELECT id, name, team, classification, created_by, created_at FROM record_spaces WHERE id = ?", id).
		Scan(&sp.ID, &sp.Name, &sp.Team, &class, &sp.CreatedBy, &at)
	if err != nil {
		return sp, notFound(err, fmt.Sprintf("space %d", id))
	}
	sp.Classification, sp.CreatedAt = service.Classification(class), fromMicros(at)
	rows, err := s.queryRead(ctx, "SELECT email FROM record_space_members WHERE space_id = ? ORDER BY email", id)
	if err != nil {
		return sp, err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return sp, err
		}
		sp.Members = append(sp.Members, m)
	}
	return sp, rows.Err()
}

// CreateSpace writes a space with its members (records.DocumentStore).
func (s *Store) CreateSpace(ctx context.Context, sp records.Space, e audit.Entry) (int64, error) {
	var id int64
	err := s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, "INSERT INTO record_spaces (name, team, classification, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			sp.Name, sp.Team, string(sp.Classification), sp.CreatedBy, micros(sp.CreatedAt)).Scan(&id)
		if err != nil {
			return err
		}
		for _, m := range sp.Members {
			if _, err := t.exec(ctx, "INSERT INTO record_space_members (space_id, email, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				id, strings.ToLower(strings.TrimSpace(m)), sp.CreatedBy, micros(sp.CreatedAt)); err != nil {
				return err
			}
		}
		e.Subject = fmt.Sprintf("space:%d", id)
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return id, err
}
