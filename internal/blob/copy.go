package blob

import (
	"context"
	"fmt"
)

// Copy puts every blob of src into dst and returns how many it copied. A
// blob dst holds already is skipped by dst's Put (both stores are
// content-addressed), so a copy interrupted part way is simply run again.
// It backs up a bucket to a folder, restores it, and moves a platform's
// documents from its data folder to a bucket.
func Copy(ctx context.Context, dst, src Store) (int, error) {
	n := 0
	err := src.Walk(ctx, func(key string) error {
		rc, err := src.Open(ctx, key)
		if err != nil {
			return err
		}
		defer rc.Close()
		if err := dst.Put(ctx, key, rc); err != nil {
			return fmt.Errorf("copy %s: %w", key, err)
		}
		n++
		return nil
	})
	return n, err
}
