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
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		e := webhooks.Endpoint{URL: "https://x.example/h", Secret: "whsec_1", Events: []string{"case.submitted"},
			Services: []string{"pothole"}, Active: true, CreatedAt: at, CreatedBy: "admin"}
		if err := s.CreateWebhookEndpoint(ctx, &e); err != nil || e.ID == 0 {
			t.Fatalf("create: id %d, %v", e.ID, err)
		}
		got, err := s.WebhookEndpoint(ctx, e.ID)
		if err != nil || got.URL != e.URL || got.Secret != "whsec_1" || got.Events[0] != "case.submitted" ||
			got.Services[0] != "pothole" || !got.Active || !got.CreatedAt.Equal(at) {
			t.Fatalf("read back %+v, %v", got, err)
		}
		if err := s.SetWebhookEndpointActive(ctx, e.ID, false); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.WebhookEndpoints(ctx); len(list) != 1 || list[0].Active {
			t.Fatalf("list after pause: %+v", list)
		}
		if err := s.DeleteWebhookEndpoint(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WebhookEndpoint(ctx, e.ID); !errors.Is(err, fault.NotFound) {
			t.Fatalf("after delete: %v, want NotFound", err)
		}
		if err := s.DeleteWebhookEndpoint(ctx, e.ID); !errors.Is(err, fault.NotFound) {
			t.Fatalf("second delete: %v, want NotFound", err)
		}
	})
}

func TestEnqueueWebhookDeliveriesSkipsRepeats(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		m := jobs.Message{ID: "d1", Topic: webhooks.TopicDelivery, Key: "endpoint:1", Payload: []byte(`{"a":1}`)}
		for range 2 {
			if err := s.EnqueueWebhookDeliveries(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ClaimOutbox(ctx, now.Add(time.Minute), 10, time.Minute)
		if err != nil || len(got) != 1 || got[0].ID != "d1" {
			t.Fatalf("claimed %d messages (%v), want exactly one", len(got), err)
		}
	})
}

func TestIdempotentRequests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, _, err := s.IdempotentRequest(ctx, "k"); !errors.Is(err, fault.NotFound) {
			t.Fatalf("unknown key: %v", err)
		}
		fp, ref, err := s.SaveIdempotentRequest(ctx, "k", "fp1", "AAAA-BBBB", time.Now())
		if err != nil || fp != "fp1" || ref != "AAAA-BBBB" {
			t.Fatalf("first save: %s %s %v", fp, ref, err)
		}
		fp, ref, err = s.SaveIdempotentRequest(ctx, "k", "fp2", "CCCC-DDDD", time.Now())
		if err != nil || fp != "fp1" || ref != "AAAA-BBBB" {
			t.Fatalf("second save must return the first: %s %s %v", fp, ref, err)
		}
	})
}

// TestMigration0043MakesEveryServiceExplicit: an endpoint stored with no
// services (which meant every service) becomes "*", so it keeps receiving
// what it did, while empty now means none; one with services is unchanged.
func TestMigration0043MakesEveryServiceExplicit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, q := range []string{
			`DELETE FROM schema_migrations WHERE version = 43`,
			`INSERT INTO webhook_endpoints (url, secret, events, services, created_at) VALUES ('https://all.example/h', 's', '["case.submitted"]', '[]', 1)`,
			`INSERT INTO webhook_endpoints (url, secret, events, services, created_at) VALUES ('https://one.example/h', 's', '["case.submitted"]', '["pothole"]', 1)`,
		} {
			if err := s.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		es, err := s.WebhookEndpoints(ctx)
		if err != nil || len(es) != 2 {
			t.Fatalf("endpoints %+v, %v", es, err)
		}
		got := map[string][]string{}
		for _, e := range es {
			got[e.URL] = e.Services
		}
		if s := got["https://all.example/h"]; len(s) != 1 || s[0] != webhooks.AllServices {
			t.Errorf("the endpoint that had every service now has %q, want [*]", s)
		}
		if s := got["https://one.example/h"]; len(s) != 1 || s[0] != "pothole" {
			t.Errorf("the endpoint for pothole now has %q", s)
		}
	})
}
