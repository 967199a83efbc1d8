package store

import (
	"context"
	"slices"
	"sync"
)

// writerTurn gives SQLite's one write connection to those who want it in
// the order they asked. database/sql hands a freed connection to a random
// waiter, so the group committer, answering up to MaxBatch residents at
// once, could wait behind any number of single writes that asked after it
// (the outbox's delivery records, sessions, drafts); under load it spent
// most of its time waiting so. Here each transaction on the writer takes a
// turn first and gives it straight to the next in line when it ends, so no
// later arrival can overtake a waiter and the pool never has more than one
// asker.
type writerTurn struct {
	mu      sync.Mutex
	held    bool
	waiting []chan struct{} // closed to hand that waiter the turn
}

// take waits for the turn. It gives up with ctx's error if ctx ends first,
// in which case the turn is not held.
func (w *writerTurn) take(ctx context.Context) error {
	w.mu.Lock()
	if !w.held {
		w.held = true
		w.mu.Unlock()
		return nil
	}
	mine := make(chan struct{})
	w.waiting = append(w.waiting, mine)
	w.mu.Unlock()
	select {
	case <-mine:
		return nil
	case <-ctx.Done():
	}
	w.mu.Lock()
	if i := slices.Index(w.waiting, mine); i >= 0 {
		w.waiting = slices.Delete(w.waiting, i, i+1)
		w.mu.Unlock()
		return ctx.Err()
	}
	w.mu.Unlock()
	// The turn was handed over as ctx ended: pass it on, unused.
	w.give()
	return ctx.Err()
}

// give ends the holder's turn and hands it to the longest waiter.
func (w *writerTurn) give() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.waiting) == 0 {
		w.held = false
		return
	}
	next := w.waiting[0]
	w.waiting = slices.Delete(w.waiting, 0, 1)
	close(next) // held stays true: it passes straight to next
}

// queued is how many wait for the turn.
func (w *writerTurn) queued() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.waiting)
}
