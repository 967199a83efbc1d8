package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestOutboxClaimRetryDeadReplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		m := jobs.Message{ID: "m-1", Topic: "notify", Key: "ABCD-EFGH", Payload: []byte(`{"a": 1}`), CreatedAt: t0, AvailableAt: t0}
		later := jobs.Message{ID: "m-2", Topic: "notify", Payload: []byte(`{}`), CreatedAt: t0, AvailableAt: t0.Add(time.Hour)}
		if err := s.Enqueue(ctx, m, later); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, m); !errors.Is(err, fault.Conflict) {
			t.Errorf("enqueue of a duplicate id: %v, want Conflict", err)
		}
		got, err := s.ClaimOutbox(ctx, t0, 10, time.Minute)
		if err != nil || len(got) != 1 || got[0].ID != "m-1" || got[0].Attempts != 1 {
			t.Fatalf("claim = %+v, %v; want m-1 only (m-2 is not due)", got, err)
		}
		if again, _ := s.ClaimOutbox(ctx, t0.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
			t.Errorf("claimed message reclaimed inside its lease: %+v", again)
		}
		if back, _ := s.ClaimOutbox(ctx, t0.Add(2*time.Minute), 10, time.Minute); len(back) != 1 || back[0].Attempts != 2 {
			t.Errorf("message not back after its lease expired: %+v", back)
		}
		if err := s.RetryOutbox(ctx, "m-1", "503 from Notify", t0.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkDead(ctx, "m-1", "400 bad address", t0.Add(11*time.Minute)); err != nil {
			t.Fatal(err)
		}
		dead, err := s.DeadLetters(ctx, 10)
		if err != nil || len(dead) != 1 || dead[0].LastError != "400 bad address" || dead[0].DeadAt == nil {
			t.Fatalf("dead letters = %+v, %v", dead, err)
		}
		if p, d, _ := s.OutboxDepth(ctx); p != 1 || d != 1 {
			t.Errorf("depth = %d pending, %d dead; want 1, 1", p, d)
		}
		if err := s.Replay(ctx, "m-2", t0); !errors.Is(err, fault.NotFound) {
			t.Errorf("replay of a live message: %v, want NotFound", err)
		}
		if err := s.Replay(ctx, "m-1", t0.Add(12*time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, _ = s.ClaimOutbox(ctx, t0.Add(12*time.Minute), 10, time.Minute)
		if len(got) != 1 || got[0].ID != "m-1" || got[0].Attempts != 1 {
			t.Fatalf("replayed claim = %+v", got)
		}
		if err := s.MarkDelivered(ctx, "m-1", t0.Add(13*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if p, d, _ := s.OutboxDepth(ctx); p != 1 || d != 0 {
			t.Errorf("depth after delivery = %d, %d; want 1, 0", p, d)
		}
		if n, err := s.PruneDelivered(ctx, t0.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("prune = %d, %v; want 1", n, err)
		}
	})
}
