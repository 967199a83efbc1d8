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

func TestSessions(t *testing.T) {
	eachWithUser(t, "u1@x.y", func(t *testing.T, ctx context.Context, s *store.Store) {
		pending := auth.Session{Hash: "h1", UserID: "u1", Method: "password", CreatedAt: t0, LastSeen: t0}
		if err := s.CreateSession(ctx, pending); err != nil {
			t.Fatal(err)
		}
		full := auth.Session{Hash: "h2", UserID: "u1", Complete: true, MFA: true, Method: "password", CreatedAt: t0, LastSeen: t0}
		if err := s.ReplaceSession(ctx, "h1", full); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h1"); !errors.Is(err, fault.NotFound) {
			t.Errorf("rotated-away session: %v", err)
		}
		got, err := s.SessionByHash(ctx, "h2")
		if err != nil || got != full {
			t.Errorf("SessionByHash = %+v, %v", got, err)
		}
		if err := s.TouchSession(ctx, "h2", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.TouchSession(ctx, "h2", t0); err != nil { // never moves back
			t.Fatal(err)
		}
		if got, _ := s.SessionByHash(ctx, "h2"); !got.LastSeen.Equal(t0.Add(time.Minute)) {
			t.Errorf("LastSeen = %v", got.LastSeen)
		}
		old := auth.Session{Hash: "h3", UserID: "u1", Complete: true, Method: "oidc", CreatedAt: t0.Add(-13 * time.Hour), LastSeen: t0}
		if err := s.CreateSession(ctx, old); err != nil {
			t.Fatal(err)
		}
		n, err := s.DeleteSessionsBefore(ctx, t0.Add(-30*time.Minute), t0.Add(-12*time.Hour))
		if err != nil || n != 1 {
			t.Errorf("DeleteSessionsBefore = %d, %v; want the 13-hour-old one", n, err)
		}
		if err := s.DeleteUserSessions(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h2"); !errors.Is(err, fault.NotFound) {
			t.Errorf("after DeleteUserSessions: %v", err)
		}
		if err := s.CreateSession(ctx, auth.Session{Hash: "h4", UserID: "ghost", CreatedAt: t0, LastSeen: t0}); err == nil {
			t.Error("a session for no user was stored")
		}
	})
}
