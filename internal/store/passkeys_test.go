package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
)

func TestPasskeys(t *testing.T) {
	eachWithUser(t, "u1@x.y", func(t *testing.T, ctx context.Context, s *store.Store) {
		k := auth.Passkey{ID: "cred-1", UserID: "u1", Name: "Laptop", Credential: []byte(`{"id":"AQ"}`), CreatedAt: t0, LastUsedAt: t0}
		if err := s.CreatePasskey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePasskey(ctx, k); !errors.Is(err, fault.Conflict) {
			t.Errorf("duplicate credential id: %v", err)
		}
		k.Credential, k.LastUsedAt = []byte(`{"id":"AQ","n":2}`), t0.Add(time.Hour)
		if err := s.UpdatePasskey(ctx, k); err != nil {
			t.Fatal(err)
		}
		ks, err := s.Passkeys(ctx, "u1")
		if err != nil || len(ks) != 1 || string(ks[0].Credential) != `{"id":"AQ","n":2}` || !ks[0].LastUsedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("Passkeys = %+v, %v", ks, err)
		}
		if err := s.UpdatePasskey(ctx, auth.Passkey{ID: "cred-1", UserID: "someone-else"}); !errors.Is(err, fault.NotFound) {
			t.Errorf("update through another user: %v", err)
		}
		if err := s.DeletePasskeys(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if ks, _ := s.Passkeys(ctx, "u1"); len(ks) != 0 {
			t.Errorf("after DeletePasskeys: %v", ks)
		}
		if err := s.CreatePasskey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteUser(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if ks, _ := s.Passkeys(ctx, "u1"); len(ks) != 0 {
			t.Errorf("passkeys outlive their user: %v", ks)
		}
	})
}
