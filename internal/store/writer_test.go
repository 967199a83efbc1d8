package store

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// TestWriterTurnFirstComeFirstServed: writers that ask for the turn one
// after another get it in that order, and one whose context ends while it
// waits drops out without holding up those behind it. (database/sql's own
// hand-off picks a random waiter, which is what the turn replaces.)
func TestWriterTurnFirstComeFirstServed(t *testing.T) {
	var w writerTurn
	ctx := context.Background()
	if err := w.take(ctx); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	gone, cancel := context.WithCancel(ctx)
	var cancelledErr error
	for i := range n {
		wg.Add(1)
		waiterCtx := ctx
		if i == 3 {
			waiterCtx = gone
		}
		go func() {
			defer wg.Done()
			if err := w.take(waiterCtx); err != nil {
				cancelledErr = err
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			w.give()
		}()
		for w.queued() != i+1 { // wait until it is in line before the next asks
			waitABit()
		}
	}
	cancel()
	for w.queued() != n-1 {
		waitABit()
	}
	w.give()
	wg.Wait()
	if want := []int{0, 1, 2, 4, 5, 6, 7}; !slices.Equal(order, want) {
		t.Fatalf("turns taken in order %v, want %v", order, want)
	}
	if !errors.Is(cancelledErr, context.Canceled) {
		t.Fatalf("the waiter whose context ended got %v", cancelledErr)
	}
	if err := w.take(ctx); err != nil || w.queued() != 0 {
		t.Fatalf("turn not free at the end: %v, %d waiting", err, w.queued())
	}
}

// TestWriterTurnHeldByOne: many goroutines taking and giving the turn are
// never inside it two at a time.
func TestWriterTurnHeldByOne(t *testing.T) {
	var w writerTurn
	var inside, most int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if err := w.take(context.Background()); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				inside++
				most = max(most, inside)
				mu.Unlock()
				waitABit()
				mu.Lock()
				inside--
				mu.Unlock()
				w.give()
			}
		}()
	}
	wg.Wait()
	if most != 1 {
		t.Fatalf("%d goroutines held the turn at once", most)
	}
}

func waitABit() { runtime.Gosched() }
