package people_test

import (
	"context"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// importRegister imports the test register's two sources and links them.
func importRegister(t *testing.T, e *env, n int) map[string]string {
	t.Helper()
	ctx := context.Background()
	tax, electoral, truth := register(n)
	if err := e.svc.ImportRecords(ctx, "test", "tax", tax); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ImportRecords(ctx, "test", "electoral", electoral); err != nil {
		t.Fatal(err)
	}
	return truth
}

// TestLinkOnlyWhatChanged: after a run, one new record is linked by
// reading that record and its neighbours, not every record; with nothing
// waiting a run reads nothing; the new duplicate joins its person.
func TestLinkOnlyWhatChanged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		importRegister(t, e, 600)
		first, ran, err := e.svc.LinkIfChanged(ctx)
		if err != nil || !ran || first.Records != 800 || first.Batches != 2 || !first.Fitted || first.Pending != 0 {
			t.Fatalf("first run = %+v, ran %v, %v; want 800 records in 2 batches, model estimated", first, ran, err)
		}
		if st2, ran, err := e.svc.LinkIfChanged(ctx); ran || err != nil || st2.Records != 0 {
			t.Fatalf("a run with nothing waiting = %+v, ran %v, %v", st2, ran, err)
		}
		tax, _, _ := register(600)
		dup := tax[4]
		dup.Key, dup.Source, dup.GivenName = "housing:1", "housing", dup.GivenName+"e"
		if err := e.svc.ImportRecords(ctx, "test", "housing", []people.Record{dup}); err != nil {
			t.Fatal(err)
		}
		next, ran, err := e.svc.LinkIfChanged(ctx)
		if err != nil || !ran || next.Records != 1 || next.Batches != 1 || next.Fitted {
			t.Fatalf("run after one new record = %+v, ran %v, %v; want 1 record, no new estimate", next, ran, err)
		}
		if next.Candidates > 100 {
			t.Errorf("one new record compared %d pairs: more than its blocks hold", next.Candidates)
		}
		if e.personOf("housing:1") != e.personOf(tax[4].Key) {
			t.Errorf("the new duplicate of %s is person %d, want %d", tax[4].Key, e.personOf("housing:1"), e.personOf(tax[4].Key))
		}
	})
}

// cancelAfter is a store that cancels the run's context after n batches
// are saved: a process killed mid-run.
type cancelAfter struct {
	*store.Store
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) SaveLinkage(ctx context.Context, out people.LinkOutput) error {
	err := c.Store.SaveLinkage(ctx, out)
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return err
}

// TestLinkResumesAfterInterruption: a run stopped after its first batch
// keeps that batch; the next run (a restart) links only the rest and ends
// with what one uninterrupted run gives.
func TestLinkResumesAfterInterruption(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		truth := importRegister(t, e, 900)
		ctx, cancel := context.WithCancel(context.Background())
		svc := &people.Service{Store: &cancelAfter{Store: e.st, n: 1, cancel: cancel}, Policy: e.svc.Policy, Now: e.svc.Now}
		stopped, _, err := svc.LinkIfChanged(ctx)
		if err == nil || stopped.Records != 500 {
			t.Fatalf("interrupted run = %+v, %v; want 500 records then the cancellation", stopped, err)
		}
		if n, _ := e.st.PendingCount(context.Background()); n != 1200-500 {
			t.Fatalf("waiting after the interruption = %d, want %d", n, 1200-500)
		}
		rest, ran, err := e.svc.LinkIfChanged(context.Background())
		if err != nil || !ran || rest.Records != 700 || rest.Fitted {
			t.Fatalf("resumed run = %+v, %v; want the 700 left, the model kept", rest, err)
		}
		if sc := clusters(t, e.st, truth); sc.Precision < 0.98 || sc.F1 < 0.85 {
			t.Errorf("after resuming: P %.3f F1 %.3f", sc.Precision, sc.F1)
		}
	})
}

// TestLinkNeverOverlaps: many callers at once, in one process and as two
// nodes on one database, give one run; the others return at once.
func TestLinkNeverOverlaps(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		importRegister(t, e, 300)
		other := &people.Service{Store: e.st, Policy: e.svc.Policy, Now: e.svc.Now} // a second node
		var wg sync.WaitGroup
		var mu sync.Mutex
		records, runs := 0, 0
		for i := range 16 {
			svc := e.svc
			if i%2 == 1 {
				svc = other
			}
			wg.Go(func() {
				st, ran, err := svc.LinkIfChanged(context.Background())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				records += st.Records
				if ran {
					runs++
				}
			})
		}
		wg.Wait()
		if records != 400 || runs != 1 {
			t.Errorf("16 callers linked %d records in %d runs; want 400 in one", records, runs)
		}
	})
}

// TestLinkCapsBigBlocks: a key shared by more records than the cap (a
// placeholder email on 900 records, the cap lowered to 200) is not
// compared, is reported, and the records are still linked by their other keys.
func TestLinkCapsBigBlocks(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		settings := people.DefaultSettings()
		settings.MaxBlock = 200
		e.svc.Settings = &settings
		tax, electoral, truth := register(900)
		for i := range tax {
			tax[i].Email = "noemail@council.example"
		}
		if err := e.svc.ImportRecords(ctx, "test", "tax", tax); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ImportRecords(ctx, "test", "electoral", electoral); err != nil {
			t.Fatal(err)
		}
		got, _, err := e.svc.LinkIfChanged(ctx)
		if err != nil || got.Capped == 0 || got.BlockCap != 200 {
			t.Fatalf("run = %+v, %v; want the shared email's block reported over the cap of 200", got, err)
		}
		if got.Candidates > 200_000 {
			t.Errorf("%d pairs compared: the shared email's block was compared", got.Candidates)
		}
		if g := e.svc.LinkGauges(); g["guildhall_people_link_capped_blocks"]() == 0 || g["guildhall_people_link_block_cap"]() != 200 {
			t.Errorf("metrics: capped %v, cap %v", g["guildhall_people_link_capped_blocks"](), g["guildhall_people_link_block_cap"]())
		}
		// the placeholder email agrees on most pairs, so it weighs a little
		// for a match everywhere: precision dips below the 0.98 of clean data
		if sc := clusters(t, e.st, truth); sc.Precision < 0.95 || sc.F1 < 0.85 {
			t.Errorf("P %.3f F1 %.3f", sc.Precision, sc.F1)
		}
	})
}
