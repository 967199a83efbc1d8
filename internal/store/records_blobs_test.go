package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestFreedBlobSurvivesAConcurrentUpload: disposal freed a blob and the
// retention job deletes it while someone uploads the same bytes. Whichever
// way the two interleave, the bytes are there afterwards: either the
// upload is noted first and the deletion leaves the blob, or the deletion
// holds the lock, the upload waits, and then writes the bytes afresh.
// Without an upload, the freed blob is deleted.
func TestFreedBlobSurvivesAConcurrentUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		local := &blob.Local{Dir: t.TempDir()}
		guarded := blob.Guarded{Store: local, BeforePut: s.NoteBlobPut}
		exists := func(key string) bool {
			_, err := os.Stat(filepath.Join(local.Dir, key[:2], key))
			return err == nil
		}

		lone, _ := local.PutBytes(ctx, []byte("nobody stores this again"))
		if err := s.QueueBlobDeletes(ctx, lone); err != nil {
			t.Fatal(err)
		}
		if deleted, err := s.DeleteFreedBlob(ctx, lone, time.Now(), local.Delete); err != nil || !deleted || exists(lone) {
			t.Fatalf("a freed blob nobody stored again: deleted %v, %v, still on disk %v", deleted, err, exists(lone))
		}

		deletions := 0
		for round := range 40 {
			body := []byte(fmt.Sprintf("letter from the resident, round %d", round))
			key, err := local.PutBytes(ctx, body) // stored long ago, unnoted
			if err != nil {
				t.Fatal(err)
			}
			if err := s.QueueBlobDeletes(ctx, key); err != nil {
				t.Fatal(err)
			}
			keepAfter := time.Now()
			start := make(chan struct{})
			var wg sync.WaitGroup
			var putErr, delErr error
			var deleted bool
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				_, putErr = guarded.PutBytes(ctx, body)
			}()
			go func() {
				defer wg.Done()
				<-start
				deleted, delErr = s.DeleteFreedBlob(ctx, key, keepAfter, local.Delete)
			}()
			close(start)
			wg.Wait()
			if putErr != nil || delErr != nil {
				t.Fatalf("round %d: put %v, delete %v", round, putErr, delErr)
			}
			if deleted {
				deletions++
			}
			if !exists(key) {
				t.Fatalf("round %d: the upload's bytes are gone (deleted %v)", round, deleted)
			}
		}
		t.Logf("%d of 40 rounds deleted the blob before the upload rewrote it", deletions)
	})
}
