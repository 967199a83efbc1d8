// Package blob keeps document bytes by content address: the key of a blob is
// the lower-case hex SHA-256 of its bytes, so a document is stored once however
// often it is attached, and a key can be checked against what it names.
//
// Local keeps blobs in a folder; S3 keeps them in a bucket of any server
// speaking the S3 API, so that several nodes share them. Both are a Store.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Store is a blob store: Local or S3.
type Store interface {
	// Put stores r under key; the bytes must hash to key (fault.Invalid).
	Put(ctx context.Context, key string, r io.Reader) error
	// PutBytes stores b and returns its key.
	PutBytes(ctx context.Context, b []byte) (string, error)
	// Open returns the bytes stored under key, or fault.NotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Walk calls fn with every stored key.
	Walk(ctx context.Context, fn func(key string) error) error
}

var (
	_ Store = (*Local)(nil)
	_ Store = (*S3)(nil)
)

// Local keeps blobs under Dir as Dir/ab/abcdef… (the first two hex digits fan
// files out over 256 folders).
type Local struct {
	Dir string
}

// ValidKey reports whether key is a content address: 64 lower-case hex digits.
// Anything else (a path, "..", upper case) is refused before it reaches the disk.
func ValidKey(key string) bool {
	if len(key) != sha256.Size*2 {
		return false
	}
	for _, c := range key {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Key returns the content address of b.
func Key(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (l *Local) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fault.New(fault.Invalid, "blob key %q is not a sha256 content address", key)
	}
	return filepath.Join(l.Dir, key[:2], key), nil
}

// Put stores r under key. The bytes are written to a temporary file, synced
// and renamed into place, and must hash to key: a mismatch is fault.Invalid
// and nothing is kept. Storing a key that exists already is a no-op.
func (l *Local) Put(ctx context.Context, key string, r io.Reader) error {
	dst, err := l.path(key)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		_, _ = io.Copy(io.Discard, r)
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("blob folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".upload-*")
	if err != nil {
		return fmt.Errorf("blob temp file: %w", err)
	}
	defer os.Remove(tmp.Name())
	sum := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, sum), r); err != nil {
		tmp.Close()
		return fmt.Errorf("blob write: %w", err)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != key {
		tmp.Close()
		return fault.New(fault.Invalid, "blob bytes hash to %s, not to the key %s", got, key)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("blob sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blob close: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("blob rename: %w", err)
	}
	return syncDir(filepath.Dir(dst))
}

// PutBytes stores b and returns its key.
func (l *Local) PutBytes(ctx context.Context, b []byte) (string, error) {
	key := Key(b)
	return key, l.Put(ctx, key, bytesReader(b))
}

// Open returns the blob's bytes, or fault.NotFound.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, fault.Wrap(fault.NotFound, err, "blob")
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fault.New(fault.NotFound, "blob %s", key)
	}
	return f, err
}

// Delete removes the blob; a missing blob is not an error (disposal is idempotent).
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Walk calls fn with every stored key (for backups and integrity checks).
func (l *Local) Walk(ctx context.Context, fn func(key string) error) error {
	return filepath.WalkDir(l.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || !ValidKey(d.Name()) {
			return nil
		}
		return fn(d.Name())
	})
}

// syncDir makes a rename durable: the directory entry itself is flushed.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
