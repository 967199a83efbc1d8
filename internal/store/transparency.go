package store

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/opendata"
)

var _ opendata.TransparencyStore = (*Store)(nil)

// PublishTransparency records a published upload and its audit entry in
// one transaction (opendata.TransparencyStore).
func (s *Store) PublishTransparency(ctx context.Context, p opendata.Publication, e audit.Entry) (int64, error) {
	var id int64
	err := s.update(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `INSERT INTO transparency_publications
			(dataset, blob_key, file_name, row_count, byte_count, published_by, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Dataset, p.BlobKey, p.FileName, p.Rows, p.Bytes, p.PublishedBy, micros(p.PublishedAt)).Scan(&id)
		if err != nil {
			return err
		}
		e.Detail = withDetail(e.Detail, "publication", id)
		_, err = appendAuditTx(ctx, t, e)
		return err
	})
	return id, err
}

// TransparencyPublications returns the newest publication of each dataset
// (opendata.TransparencyStore). A council publishes each dataset a few
// times a year, so the table stays small.
func (s *Store) TransparencyPublications(ctx context.Context) ([]opendata.Publication, error) {
	rows, err := s.queryRead(ctx, `SELECT id, dataset, blob_key, file_name, row_count, byte_count, published_by, published_at
		FROM transparency_publications p
		WHERE id = (SELECT MAX(id) FROM transparency_publications q WHERE q.dataset = p.dataset)
		ORDER BY dataset`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opendata.Publication
	for rows.Next() {
		var p opendata.Publication
		var at int64
		if err := rows.Scan(&p.ID, &p.Dataset, &p.BlobKey, &p.FileName, &p.Rows, &p.Bytes, &p.PublishedBy, &at); err != nil {
			return nil, err
		}
		p.PublishedAt = fromMicros(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
