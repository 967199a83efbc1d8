package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// ErrPermanent marks a handler failure that retrying cannot fix: the message
// is dead-lettered at once. Wrap it: fmt.Errorf("bad address: %w", jobs.ErrPermanent).
var ErrPermanent = errors.New("jobs: permanent failure")

// Handler delivers one message. It runs outside any transaction and may be
// called more than once for one message (at-least-once delivery): it must
// be idempotent, or the receiver must de-duplicate on Message.ID. Handlers
// of messages with different keys run at the same time (Worker.Parallel);
// messages with one key are handled one after another, in order.
type Handler func(ctx context.Context, m Message) error

// Task is a periodic job, such as cases.Service.CheckOverdue every minute.
// However many nodes run a Worker on one database, a task runs once a
// period, on one of them (tasks.go).
type Task struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Defaults for a Worker's zero fields.
const (
	DefaultBatch       = 128
	DefaultParallel    = 8
	DefaultLease       = 5 * time.Minute
	DefaultMaxAttempts = 12
	DefaultMinBackoff  = time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultPoll        = time.Second
	DefaultTimeout     = 30 * time.Second
	DefaultTaskLease   = 30 * time.Second
)

// Worker drains the outbox: it claims due messages, calls their topic's
// Handler, and marks each delivered, schedules a retry with capped
// exponential back-off and jitter, or dead-letters it after MaxAttempts or
// on a permanent error. It also runs periodic Tasks.
type Worker struct {
	Store    Store
	Handlers map[string]Handler
	Tasks    []Task
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// Permanent lists further errors that mean "never retry" (for example
	// notify.ErrPermanent); ErrPermanent always does.
	Permanent []error

	Batch       int
	Parallel    int           // messages sent at once (different keys only)
	Lease       time.Duration // how long a claimed message stays hidden
	MaxAttempts int
	MinBackoff  time.Duration
	MaxBackoff  time.Duration
	Poll        time.Duration // sleep when the outbox is empty
	Timeout     time.Duration // per handler call

	// Node names this process in task leases; a name unique to the
	// process (host, process id and a random part) when empty.
	Node string
	// TaskLease is how long a running task's claim lasts unless renewed:
	// how soon another node takes up the task of a node that died.
	TaskLease time.Duration
	nodeOnce  sync.Once
}

// Run drains the outbox and runs the tasks until ctx ends, and returns only
// once every task it started has stopped: a task still running after Run
// returned would use a store its caller is about to close.
func (w *Worker) Run(ctx context.Context) error {
	var tasks sync.WaitGroup
	defer tasks.Wait()
	for _, t := range w.Tasks {
		tasks.Go(func() { w.runTask(ctx, t) })
	}
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.logger().Error("outbox", "err", err)
		}
		if n > 0 && err == nil {
			continue // more may be waiting
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(or(w.Poll, DefaultPoll)):
		}
	}
}

// RunOnce claims one batch of due messages, delivers them and records the
// outcomes, returning how many it handled. Messages with different keys are
// sent at the same time (up to Parallel); those with one key (one case's
// events) in the order they were queued. Deliveries are recorded together,
// in one write, when the store can (DeliveredMarker).
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	msgs, err := w.Store.ClaimOutbox(ctx, w.now(), or(w.Batch, DefaultBatch), or(w.Lease, DefaultLease))
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	var (
		mu        sync.Mutex
		delivered []string
		errs      []error
		wg        sync.WaitGroup
		slots     = make(chan struct{}, or(w.Parallel, DefaultParallel))
	)
	for _, group := range byKey(msgs) {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			for _, m := range group {
				ok, err := w.handle(ctx, m)
				mu.Lock()
				if ok {
					delivered = append(delivered, m.ID)
				}
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	errs = append(errs, w.markDelivered(ctx, delivered))
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// DeliveredMarker is a Store that records many deliveries in one write.
type DeliveredMarker interface {
	MarkDeliveredMany(ctx context.Context, ids []string, at time.Time) error
}

func (w *Worker) markDelivered(ctx context.Context, ids []string) error {
	if m, ok := w.Store.(DeliveredMarker); ok {
		return m.MarkDeliveredMany(ctx, ids, w.now())
	}
	var errs []error
	for _, id := range ids {
		errs = append(errs, w.Store.MarkDelivered(ctx, id, w.now()))
	}
	return errors.Join(errs...)
}

// byKey splits msgs into groups of one key each, oldest first within a
// group (a claim does not return messages in any particular order).
func byKey(msgs []Message) [][]Message {
	slices.SortStableFunc(msgs, func(a, b Message) int { return a.CreatedAt.Compare(b.CreatedAt) })
	index := map[string]int{}
	var groups [][]Message
	for _, m := range msgs {
		i, ok := index[m.Key]
		if !ok || m.Key == "" {
			i = len(groups)
			index[m.Key] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], m)
	}
	return groups
}

// handle delivers one message. It reports a delivery (recorded later, with
// the batch's others) or records the failure; only a failure to record is
// returned: the message then reappears after its lease.
func (w *Worker) handle(ctx context.Context, m Message) (bool, error) {
	h, ok := w.Handlers[m.Topic]
	var err error
	if !ok {
		err = fmt.Errorf("no handler for topic %q: %w", m.Topic, ErrPermanent)
	} else {
		hctx, cancel := context.WithTimeout(ctx, or(w.Timeout, DefaultTimeout))
		err = safeCall(hctx, h, m)
		cancel()
	}
	now := w.now()
	switch {
	case err == nil:
		return true, nil
	case w.permanent(err) || m.Attempts >= or(w.MaxAttempts, DefaultMaxAttempts):
		w.logger().Warn("outbox message dead-lettered", "id", m.ID, "topic", m.Topic, "attempts", m.Attempts, "err", err)
		return false, w.Store.MarkDead(ctx, m.ID, err.Error(), now)
	default:
		next := now.Add(Backoff(m.Attempts, or(w.MinBackoff, DefaultMinBackoff), or(w.MaxBackoff, DefaultMaxBackoff), rand.Float64()))
		w.logger().Info("outbox message will be retried", "id", m.ID, "topic", m.Topic, "attempts", m.Attempts, "at", next, "err", err)
		return false, w.Store.RetryOutbox(ctx, m.ID, err.Error(), next)
	}
}

// safeCall turns a handler's panic into an error, so one bad message
// cannot stop the worker.
func safeCall(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v", r)
		}
	}()
	return h(ctx, m)
}

func (w *Worker) permanent(err error) bool {
	if errors.Is(err, ErrPermanent) {
		return true
	}
	for _, p := range w.Permanent {
		if errors.Is(err, p) {
			return true
		}
	}
	return false
}

// Backoff is the wait after the given attempt (1-based): min doubled per
// attempt, capped at max, then spread by jitter in [0, 1) over its upper
// half, so that messages failing together do not retry together.
func Backoff(attempt int, min, max time.Duration, jitter float64) time.Duration {
	d := min
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = minDur(d, max)
	return d/2 + time.Duration(float64(d/2)*jitter)
}

func minDur(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func or[T int | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}
