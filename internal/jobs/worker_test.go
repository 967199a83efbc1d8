package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

var errGatewayDown = errors.New("503 from gateway")

// errBadAddress stands for another package's permanent error (notify.ErrPermanent).
var errBadAddress = errors.New("bad address")

func TestWorkerDeliversRetriesAndDeadLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := platformtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		var mu sync.Mutex // handlers of different keys run at once
		calls := map[string]int{}
		w := &jobs.Worker{
			Store: s, Now: clk.Now, MaxAttempts: 3, MinBackoff: time.Second, MaxBackoff: time.Minute,
			Permanent: []error{errBadAddress},
			Handlers: map[string]jobs.Handler{
				"notify": func(ctx context.Context, m jobs.Message) error {
					mu.Lock()
					calls[m.ID]++
					n := calls[m.ID]
					mu.Unlock()
					switch m.ID {
					case "flaky":
						if n < 2 {
							return errGatewayDown
						}
					case "down":
						return errGatewayDown
					case "bad":
						return fmt.Errorf("send: %w", errBadAddress)
					case "panics":
						panic("boom")
					}
					return nil
				},
			},
		}
		var msgs []jobs.Message
		for _, id := range []string{"ok", "flaky", "down", "bad", "panics"} {
			msgs = append(msgs, jobs.Message{ID: id, Topic: "notify", Payload: []byte(`{}`), CreatedAt: clk.Now()})
		}
		msgs = append(msgs, jobs.Message{ID: "orphan", Topic: "nobody-listens", Payload: []byte(`{}`), CreatedAt: clk.Now()})
		if err := s.Enqueue(ctx, msgs...); err != nil {
			t.Fatal(err)
		}
		for range 6 { // enough rounds for three attempts with back-off up to a minute
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			clk.Add(2 * time.Minute)
		}
		want := map[string]int{"ok": 1, "flaky": 2, "down": 3, "bad": 1, "panics": 3}
		for id, n := range want {
			if calls[id] != n {
				t.Errorf("%s handled %d times, want %d", id, calls[id], n)
			}
		}
		dead, err := s.DeadLetters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		deadIDs := map[string]string{}
		for _, m := range dead {
			deadIDs[m.ID] = m.LastError
		}
		for _, id := range []string{"down", "bad", "panics", "orphan"} {
			if _, ok := deadIDs[id]; !ok {
				t.Errorf("%s not dead-lettered (dead: %v)", id, deadIDs)
			}
		}
		if len(deadIDs) != 4 {
			t.Errorf("dead letters = %v, want 4", deadIDs)
		}
		if pending, _, _ := s.OutboxDepth(ctx); pending != 0 {
			t.Errorf("pending = %d, want 0", pending)
		}
		// An administrator fixes the gateway and replays.
		if err := s.Replay(ctx, "down", clk.Now()); err != nil {
			t.Fatal(err)
		}
		w.Handlers["notify"] = func(context.Context, jobs.Message) error { return nil }
		if n, err := w.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("after replay: %d, %v", n, err)
		}
		if dead, _ := s.DeadLetters(ctx, 10); len(dead) != 3 {
			t.Errorf("dead after replay = %d, want 3", len(dead))
		}
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		jitter   float64
		min, max time.Duration
	}{
		{1, 0, 500 * time.Millisecond, 500 * time.Millisecond},
		{1, 0.999, 500 * time.Millisecond, time.Second},
		{2, 0, time.Second, time.Second},
		{5, 0.5, 12 * time.Second, 12 * time.Second},
		{40, 0, 30 * time.Minute, 30 * time.Minute},
		{40, 0.999, 30 * time.Minute, time.Hour},
	}
	for _, tt := range tests {
		got := jobs.Backoff(tt.attempt, time.Second, time.Hour, tt.jitter)
		if got < tt.min || got > tt.max {
			t.Errorf("Backoff(%d, jitter %.3f) = %v, want in [%v, %v]", tt.attempt, tt.jitter, got, tt.min, tt.max)
		}
	}
}

// TestRunStopsWithContextAndRunsTasks: Run returns once its context ends,
// and not before a task it started has finished: the caller closes the
// store next (serve's data folder was found written to after it returned).
func TestRunStopsWithContextAndRunsTasks(t *testing.T) {
	s := storetest.OpenSQLite(t, store.Config{})
	ran, release := make(chan struct{}, 1), make(chan struct{})
	w := &jobs.Worker{Store: s, Poll: 10 * time.Millisecond, Tasks: []jobs.Task{{
		Name: "tick", Every: 10 * time.Millisecond,
		Run: func(ctx context.Context) error {
			select {
			case ran <- struct{}{}:
			default:
			}
			<-ctx.Done()
			<-release // still finishing its work after the context ended
			return nil
		},
	}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-ran
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned while a task it started was still running")
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestWorkerKeepsEachKeysOrderAndRecordsDeliveriesTogether: messages of one
// key are handled in the order queued while other keys go at the same time,
// and a batch's deliveries are recorded in one write.
func TestWorkerKeepsEachKeysOrderAndRecordsDeliveriesTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		seen := map[string][]int{}
		w := &jobs.Worker{Store: s, Now: func() time.Time { return now }, Parallel: 4,
			Handlers: map[string]jobs.Handler{"notify": func(ctx context.Context, m jobs.Message) error {
				var i int
				fmt.Sscanf(string(m.Payload), "%d", &i)
				mu.Lock()
				seen[m.Key] = append(seen[m.Key], i)
				mu.Unlock()
				return nil
			}}}
		var msgs []jobs.Message
		for i := range 60 {
			msgs = append(msgs, jobs.Message{ID: fmt.Sprintf("m%02d", i), Topic: "notify", Key: fmt.Sprintf("case-%d", i%5),
				Payload: fmt.Appendf(nil, "%d", i), CreatedAt: now.Add(time.Duration(i) * time.Microsecond), AvailableAt: now})
		}
		if err := s.Enqueue(ctx, msgs...); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
		if n, err := w.RunOnce(ctx); err != nil || n != 60 {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		for key, order := range seen {
			for j := 1; j < len(order); j++ {
				if order[j] < order[j-1] {
					t.Fatalf("%s handled out of order: %v", key, order)
				}
			}
		}
		if pending, _, err := s.OutboxDepth(ctx); err != nil || pending != 0 {
			t.Fatalf("%d still pending (%v): deliveries not recorded", pending, err)
		}
	})
}
