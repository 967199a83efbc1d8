package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tk := auth.Token{ID: "t1", Name: "Contractor", Hash: "abc", Services: []string{"pothole"}, Write: true,
			Grants: []access.Grant{{Role: "officer", Team: "roads"}}, CreatedBy: "admin", CreatedAt: t0}
		if err := s.CreateToken(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateToken(ctx, auth.Token{ID: "t2", Name: "x", Hash: "abc", CreatedAt: t0}); !errors.Is(err, fault.Conflict) {
			t.Errorf("duplicate hash: %v", err)
		}
		got, err := s.TokenByHash(ctx, "abc")
		if err != nil || !reflect.DeepEqual(got, tk) {
			t.Errorf("TokenByHash = %+v, %v", got, err)
		}
		if err := s.RevokeToken(ctx, "t1", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, "t1", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		ts, err := s.Tokens(ctx)
		if err != nil || len(ts) != 1 || !ts[0].RevokedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("Tokens = %+v, %v (the first revocation time stays)", ts, err)
		}
		if err := s.RevokeToken(ctx, "nope", t0); !errors.Is(err, fault.NotFound) {
			t.Errorf("revoke unknown: %v", err)
		}
		if _, err := s.TokenByHash(ctx, "nope"); !errors.Is(err, fault.NotFound) {
			t.Errorf("unknown hash: %v", err)
		}
	})
}
