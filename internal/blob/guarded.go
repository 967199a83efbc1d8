package blob

import (
	"context"
	"io"
)

// Guarded is a Store that announces every put before writing it:
// BeforePut (the platform's store.NoteBlobPut) records the key, so that
// the retention job, which deletes freed blobs under a lock on that
// record, never deletes bytes someone has just stored again.
type Guarded struct {
	Store
	BeforePut func(ctx context.Context, key string) error
}

// Put announces key, then stores r under it.
func (g Guarded) Put(ctx context.Context, key string, r io.Reader) error {
	if err := g.BeforePut(ctx, key); err != nil {
		return err
	}
	return g.Store.Put(ctx, key, r)
}

// PutBytes announces b's key, then stores b.
func (g Guarded) PutBytes(ctx context.Context, b []byte) (string, error) {
	key := Key(b)
	return key, g.Put(ctx, key, bytesReader(b))
}
