package platform

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/blob"
)

// OpenBlobs is the document store --blobs names: DATA/documents when empty,
// a bucket for an s3:// URL, otherwise a folder. It only reads the
// configuration; New pings a bucket before serve listens.
func (c *Config) OpenBlobs() (blob.Store, error) {
	return c.BlobsAt(c.Blobs)
}

// BlobsAt opens where (a folder or s3:// URL) with c's S3 credentials.
func (c *Config) BlobsAt(where string) (blob.Store, error) {
	switch {
	case where == "":
		return &blob.Local{Dir: filepath.Join(c.DataDir, "documents")}, nil
	case strings.HasPrefix(where, "s3://"):
		s, err := blob.ParseS3URL(where)
		if err != nil {
			return nil, fmt.Errorf("--blobs (GUILDHALL_BLOBS): %w", err)
		}
		if c.S3AccessKey == "" || c.S3SecretKey == "" {
			return nil, fmt.Errorf("--blobs (GUILDHALL_BLOBS) is a bucket: set GUILDHALL_S3_ACCESS_KEY_ID and GUILDHALL_S3_SECRET_ACCESS_KEY too")
		}
		s.AccessKey, s.SecretKey = c.S3AccessKey, c.S3SecretKey
		return s, nil
	case strings.Contains(where, "://"):
		return nil, fmt.Errorf("--blobs (GUILDHALL_BLOBS) %q: give a folder or an s3:// URL", where)
	}
	return &blob.Local{Dir: where}, nil
}

// pingBlobs checks a bucket answers before serve listens: a wrong endpoint,
// bucket or key would otherwise first show as a resident's failed upload.
func pingBlobs(ctx context.Context, s blob.Store) error {
	if p, ok := s.(interface{ Ping(context.Context) error }); ok {
		if err := p.Ping(ctx); err != nil {
			return fmt.Errorf("--blobs (GUILDHALL_BLOBS): %w", err)
		}
	}
	return nil
}
