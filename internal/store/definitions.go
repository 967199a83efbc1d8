package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PublishedDefinitions is one published version of the service definitions.
type PublishedDefinitions struct {
	Version     int64
	Digest      string
	Bundle      []byte // a zip of the definitions folder
	PublishedAt time.Time
	PublishedBy string
}

// PublishDefinitions makes bundle the definitions in force, as a version
// one above the newest, unless the newest already has this digest: then it
// returns that version and published false, so a node started with the
// folder already in force writes nothing.
func (s *Store) PublishDefinitions(ctx context.Context, digest string, bundle []byte, by string) (version int64, published bool, err error) {
	err = s.update(ctx, func(t *tx) error {
		published = false // the transaction may run again (retrying)
		var latest sql.NullInt64
		var latestDigest sql.NullString
		err := t.queryRow(ctx, "SELECT version, digest FROM definitions ORDER BY version DESC LIMIT 1").Scan(&latest, &latestDigest)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if latestDigest.String == digest && latest.Valid {
			version = latest.Int64
			return nil
		}
		version, published = latest.Int64+1, true
		_, err = t.exec(ctx, "INSERT INTO definitions (version, digest, bundle, published_at, published_by) VALUES (?, ?, ?, ?, ?)",
			version, digest, bundle, micros(t.now), by)
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("publish definitions: %w", err)
	}
	return version, published, nil
}

// LatestDefinitionsVersion is the newest published version and its
// digest, or 0 when none has been published. Nodes poll it, so it reads
// one index entry and no bundle.
func (s *Store) LatestDefinitionsVersion(ctx context.Context) (int64, string, error) {
	var v int64
	var digest string
	err := s.queryRowRead(ctx, "SELECT version, digest FROM definitions ORDER BY version DESC LIMIT 1").Scan(&v, &digest)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("latest definitions: %w", err)
	}
	return v, digest, nil
}

// Definitions returns one published version. Errors: fault.NotFound.
func (s *Store) Definitions(ctx context.Context, version int64) (PublishedDefinitions, error) {
	d := PublishedDefinitions{Version: version}
	var at int64
	err := s.queryRowRead(ctx, "SELECT digest, bundle, published_at, published_by FROM definitions WHERE version = ?", version).
		Scan(&d.Digest, &d.Bundle, &at, &d.PublishedBy)
	if err != nil {
		return d, notFound(err, fmt.Sprintf("definitions version %d", version))
	}
	d.PublishedAt = fromMicros(at)
	return d, nil
}
