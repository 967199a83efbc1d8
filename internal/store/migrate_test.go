package store_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil { // second run: nothing to do
			t.Fatalf("second Migrate: %v", err)
		}
		applied, latest, err := s.MigrationStatus(ctx)
		if err != nil || applied != latest || latest < 1 {
			t.Fatalf("MigrationStatus = %d, %d, %v; want equal and ≥ 1", applied, latest, err)
		}
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("Ready: %v", err)
		}
	})
}

func TestReadyBeforeMigrate(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Ready(ctx); err == nil {
		t.Fatal("Ready on an unmigrated database: want an error")
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after Migrate: %v", err)
	}
}
