package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mathrand "math/rand/v2"
	"os"
	"sync"
	"time"
)

// Periodic tasks run once a period across every node on one database.
//
// Periods are aligned to the clock (a task every minute has periods
// starting on each minute), so every node agrees on them without talking.
// A node whose ticker fires claims the current period in the database
// (TaskLeases.ClaimTask); the first claim of a period wins and the others
// skip it. While the task runs its holder renews the claim, so a run
// longer than its period is never started twice; if the holder dies, the
// claim lapses after TaskLease and a later period is taken by another
// node. Nodes' clocks must agree to well within TaskLease (NTP does).

// runTask wakes just after the start of each period and runs the task if
// this node wins the period. Waking on period boundaries, rather than on a
// free-running ticker, means a node never sees two ticks in one period
// and none in the next; the small random delay spreads the nodes' claims.
func (w *Worker) runTask(ctx context.Context, t Task) {
	if t.Every <= 0 {
		w.logger().Error("periodic task not run: its period is not more than 0", "task", t.Name, "every", t.Every)
		return
	}
	timer := time.NewTimer(w.untilNextPeriod(t.Every))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			if _, err := w.RunTask(ctx, t); err != nil && ctx.Err() == nil {
				w.logger().Error("periodic task failed", "task", t.Name, "err", err)
			}
			timer.Reset(w.untilNextPeriod(t.Every))
		}
	}
}

// untilNextPeriod is the wait until a little after the next period starts.
func (w *Worker) untilNextPeriod(every time.Duration) time.Duration {
	now := w.now()
	spread := min(every/50, time.Second)
	return now.Truncate(every).Add(every).Sub(now) + time.Duration(mathrand.Int64N(int64(spread)+1))
}

// RunTask runs t now if this node wins the current period's claim,
// reporting whether it ran. It is the one way a periodic task is run.
func (w *Worker) RunTask(ctx context.Context, t Task) (bool, error) {
	now := w.now()
	period := now.Truncate(t.Every)
	lease := or(w.TaskLease, DefaultTaskLease)
	ok, err := w.Store.ClaimTask(ctx, t.Name, w.node(), now, period.Add(t.Every), now.Add(lease))
	if err != nil || !ok {
		return false, err
	}
	w.logger().Debug("periodic task ran", "task", t.Name, "period", period.UTC().Format(time.RFC3339Nano), "node", w.node())
	stop := w.keepClaim(ctx, t.Name, lease)
	err = t.Run(ctx)
	stop()
	// Released with a context of its own: a run cut short by shutdown
	// still frees the task for the other nodes at once.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if rerr := w.Store.ReleaseTask(rctx, t.Name, w.node(), w.now()); rerr != nil && err == nil {
		err = rerr
	}
	return true, err
}

// keepClaim renews the claim on task every third of the lease until the
// returned stop is called; stop returns once no renewal is under way.
func (w *Worker) keepClaim(ctx context.Context, task string, lease time.Duration) (stop func()) {
	done := make(chan struct{})
	var renewing sync.WaitGroup
	renewing.Go(func() {
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := w.Store.RenewTask(ctx, task, w.node(), w.now().Add(lease)); err != nil && ctx.Err() == nil {
					w.logger().Warn("periodic task lease not renewed", "task", task, "err", err)
				}
			}
		}
	})
	return func() { close(done); renewing.Wait() }
}

// node is this process's name in task leases.
func (w *Worker) node() string {
	w.nodeOnce.Do(func() {
		if w.Node != "" {
			return
		}
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		w.Node = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
	})
	return w.Node
}
