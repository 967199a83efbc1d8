package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Document metadata (documents table) is written alongside the case rows
// that bring a file in: file answers of a submission and attachment events.
// It lets records management find every blob a case holds, with its
// classification, without reading answers and timelines.

// caseFiles lists the files among a case's answers, in question-id order.
func caseFiles(a service.Answers) []service.FileRef {
	ids := make([]string, 0, len(a))
	for id, ans := range a {
		if ans.File != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]service.FileRef, 0, len(ids))
	for _, id := range ids {
		out = append(out, *a[id].File)
	}
	return out
}

func eventFiles(e cases.Event) []service.FileRef {
	if e.Kind != cases.EventAttachment {
		return nil
	}
	return caseFiles(e.Fields)
}

func insertDocuments(ctx context.Context, t *tx, c cases.Case, by string, at time.Time, files []service.FileRef) error {
	for _, f := range files {
		_, err := t.exec(ctx, `INSERT INTO documents (case_id, blob_key, name, content_type, size, classification, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, f.Key, f.Name, f.ContentType, f.Size, string(c.Classification), by, micros(at))
		if err != nil {
			return fmt.Errorf("document %s: %w", f.Name, err)
		}
	}
	return nil
}

// CaseDocuments returns the files a case holds (answers and attachments),
// oldest first.
func (s *Store) CaseDocuments(ctx context.Context, caseID int64) ([]service.FileRef, error) {
	rows, err := s.queryRead(ctx, `SELECT blob_key, name, content_type, size FROM documents WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("documents of case #%d: %w", caseID, err)
	}
	defer rows.Close()
	var out []service.FileRef
	for rows.Next() {
		var f service.FileRef
		if err := rows.Scan(&f.Key, &f.Name, &f.ContentType, &f.Size); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// BlobInUse reports whether any document row still names a blob, so that
// disposal deletes a blob only when no case holds it.
func (s *Store) BlobInUse(ctx context.Context, key string) (bool, error) {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM documents WHERE blob_key = ?", key).Scan(&n)
	return n > 0, err
}
