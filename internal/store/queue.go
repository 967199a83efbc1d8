package store

import (
	"context"
	"sync"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// commitQueue is the machinery of a group commit: one goroutine takes every
// request waiting (up to max) and hands them to commit together, so a batch
// costs one transaction and one fsync. What a batch writes, and how each
// caller is answered, is commit's; the batcher (submissions) and the grouper
// (small writes) are its two users.
type commitQueue[R any] struct {
	reqs   chan R
	quit   chan struct{}
	wg     sync.WaitGroup
	max    int
	commit func([]R)
	// turn, on SQLite, is taken before a batch is gathered and given up
	// after it is committed: whatever arrives while the writer is busy
	// joins the batch, and commit writes with updateInTurn.
	turn *writerTurn
	// mu orders sends against stop: once closed is set under the write
	// lock, no request can be queued where the loop will not see it.
	mu     sync.RWMutex
	closed bool
}

func newCommitQueue[R any](max int, turn *writerTurn, commit func([]R)) *commitQueue[R] {
	q := &commitQueue[R]{reqs: make(chan R, max), quit: make(chan struct{}), max: max, commit: commit, turn: turn}
	q.wg.Add(1)
	go q.loop()
	return q
}

// enqueue queues a request unless the queue is stopped.
func (q *commitQueue[R]) enqueue(ctx context.Context, r R) error {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return fault.New(fault.Unavailable, "store closing")
	}
	select {
	case q.reqs <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop ends the loop once what was queued before it is committed.
func (q *commitQueue[R]) stop() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.quit)
	}
	q.mu.Unlock()
	q.wg.Wait()
}

func (q *commitQueue[R]) loop() {
	defer q.wg.Done()
	for {
		var first R
		select {
		case first = <-q.reqs:
		case <-q.quit:
			q.drain()
			return
		}
		q.takeTurn()
		batch := []R{first}
	fill:
		for len(batch) < q.max {
			select {
			case r := <-q.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		q.commit(batch)
		q.giveTurn()
	}
}

func (q *commitQueue[R]) takeTurn() {
	if q.turn != nil {
		_ = q.turn.take(context.Background()) // cannot fail: no deadline
	}
}

func (q *commitQueue[R]) giveTurn() {
	if q.turn != nil {
		q.turn.give()
	}
}

// drain commits requests queued before stop, one at a time: they were
// accepted, so they are written, not refused.
func (q *commitQueue[R]) drain() {
	for {
		select {
		case r := <-q.reqs:
			q.takeTurn()
			q.commit([]R{r})
			q.giveTurn()
		default:
			return
		}
	}
}
