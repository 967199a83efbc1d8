package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestWriterLeavesCheckpointsToCheckpointer: with the checkpointer stopped,
// thousands of WAL pages of submissions pile up uncopied (SQLite's own
// automatic checkpoint, run by the committing writer, would have copied them
// every 1,000 pages); one checkpoint then copies them all, and the WAL is
// used again from its start.
func TestWriterLeavesCheckpointsToCheckpointer(t *testing.T) {
	s := storetest.OpenSQLite(t, store.Config{})
	s.StopCheckpointing()
	ctx := context.Background()
	submit := func(n int) {
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := s.SubmitCase(ctx, record(cases.NewRef(), "")); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	for range 40 {
		submit(64)
	}
	frames, copied, err := s.Checkpoint(ctx)
	if err != nil || frames < 2000 || copied != frames {
		t.Fatalf("checkpoint after 2,560 submissions: %d frames in the WAL, %d copied (%v); want over 2,000, all copied", frames, copied, err)
	}
	submit(1)
	frames, copied, err = s.Checkpoint(ctx)
	if err != nil || frames > 100 || copied != frames {
		t.Fatalf("after one more submission: %d frames, %d copied (%v); want the WAL restarted", frames, copied, err)
	}
}
