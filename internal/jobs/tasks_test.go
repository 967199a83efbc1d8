package jobs_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestPeriodicTaskRunsOncePerPeriodAcrossNodes: four workers on one
// database (four nodes) all try the task at the same instants; each period
// it runs exactly once.
func TestPeriodicTaskRunsOncePerPeriodAcrossNodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := platformtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		var runs atomic.Int32
		task := jobs.Task{Name: "overdue", Every: time.Minute, Run: func(context.Context) error { runs.Add(1); return nil }}
		nodes := make([]*jobs.Worker, 4)
		for i := range nodes {
			nodes[i] = &jobs.Worker{Store: s, Now: clk.Now}
		}
		for period := 1; period <= 5; period++ {
			var wg sync.WaitGroup
			var won atomic.Int32
			for _, w := range nodes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ran, err := w.RunTask(ctx, task)
					if err != nil {
						t.Error(err)
					}
					if ran {
						won.Add(1)
					}
				}()
			}
			wg.Wait()
			if won.Load() != 1 || runs.Load() != int32(period) {
				t.Fatalf("period %d: %d nodes ran the task, %d runs in all; want exactly one a period", period, won.Load(), runs.Load())
			}
			// A node trying again later in the same period does not run it.
			clk.Add(30 * time.Second)
			if ran, err := nodes[period%4].RunTask(ctx, task); err != nil || ran {
				t.Fatalf("period %d: ran again in the same period (%v, %v)", period, ran, err)
			}
			clk.Add(30 * time.Second)
		}
	})
}

// TestPeriodicTaskIsNotStartedTwiceWhileRunning: a run longer than its
// period holds the task; a node that died holding it loses the claim once
// the lease lapses, and another node takes the task up.
func TestPeriodicTaskIsNotStartedTwiceWhileRunning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := platformtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		a := &jobs.Worker{Store: s, Now: clk.Now, Node: "a", TaskLease: time.Hour}
		b := &jobs.Worker{Store: s, Now: clk.Now, Node: "b", TaskLease: time.Hour}
		started, release := make(chan struct{}), make(chan struct{})
		slow := jobs.Task{Name: "people", Every: time.Minute, Run: func(context.Context) error {
			close(started)
			<-release
			return nil
		}}
		done := make(chan bool)
		go func() {
			ran, err := a.RunTask(ctx, slow)
			if err != nil {
				t.Error(err)
			}
			done <- ran
		}()
		<-started
		clk.Add(5 * time.Minute) // five periods later, a is still running
		quick := jobs.Task{Name: "people", Every: time.Minute, Run: func(context.Context) error { return nil }}
		if ran, err := b.RunTask(ctx, quick); err != nil || ran {
			t.Fatalf("b started the task while a ran it (%v, %v)", ran, err)
		}
		close(release)
		if !<-done {
			t.Fatal("a did not run the task")
		}
		clk.Add(time.Minute)
		if ran, err := b.RunTask(ctx, quick); err != nil || !ran {
			t.Fatalf("b did not take the next period once a finished (%v, %v)", ran, err)
		}

		// a dies holding the task: its claim is never released.
		clk.Add(time.Minute)
		if ok, err := s.ClaimTask(ctx, "people", "a", clk.Now(), clk.Now().Add(time.Minute), clk.Now().Add(time.Hour)); err != nil || !ok {
			t.Fatalf("a's claim: %v, %v", ok, err)
		}
		clk.Add(30 * time.Minute)
		if ran, err := b.RunTask(ctx, quick); err != nil || ran {
			t.Fatalf("b ran the task before a's claim lapsed (%v, %v)", ran, err)
		}
		clk.Add(31 * time.Minute)
		if ran, err := b.RunTask(ctx, quick); err != nil || !ran {
			t.Fatalf("b did not take up the task after a's claim lapsed (%v, %v)", ran, err)
		}
	})
}
