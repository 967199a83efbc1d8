package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

var (
	_ webhooks.Store  = (*Store)(nil)
	_ webhooks.Outbox = (*Store)(nil)
)

const endpointColumns = "id, url, secret, description, events, services, active, created_at, created_by"

// CreateWebhookEndpoint stores e and sets its ID.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *webhooks.Endpoint) error {
	events, _ := jsonText(nonNil(e.Events))
	services, _ := jsonText(nonNil(e.Services))
	return s.update(ctx, func(t *tx) error {
		return t.queryRow(ctx, `INSERT INTO webhook_endpoints (url, secret, description, events, services, active, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.URL, e.Secret, e.Description, events, services,
			e.Active, micros(e.CreatedAt), e.CreatedBy).Scan(&e.ID)
	})
}

// WebhookEndpoint returns one endpoint, or fault.NotFound.
func (s *Store) WebhookEndpoint(ctx context.Context, id int64) (webhooks.Endpoint, error) {
	e, err := scanEndpoint(s.queryRowRead(ctx, "SELECT "+endpointColumns+" FROM webhook_endpoints WHERE id = ?", id))
	if err != nil {
		return webhooks.Endpoint{}, notFound(err, fmt.Sprintf("webhook endpoint %d", id))
	}
	return e, nil
}

// WebhookEndpoints returns every endpoint, newest first.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]webhooks.Endpoint, error) {
	rows, err := s.queryRead(ctx, "SELECT "+endpointColumns+" FROM webhook_endpoints ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", err)
	}
	defer rows.Close()
	var out []webhooks.Endpoint
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetWebhookEndpointActive pauses or resumes an endpoint; fault.NotFound if none.
func (s *Store) SetWebhookEndpointActive(ctx context.Context, id int64, active bool) error {
	return s.updateEndpoint(ctx, id, "UPDATE webhook_endpoints SET active = ? WHERE id = ?", active, id)
}

// DeleteWebhookEndpoint removes an endpoint; fault.NotFound if none.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	return s.updateEndpoint(ctx, id, "DELETE FROM webhook_endpoints WHERE id = ?", id)
}

func (s *Store) updateEndpoint(ctx context.Context, id int64, q string, args ...any) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "webhook endpoint %d", id)
		}
		return nil
	})
}

// EnqueueWebhookDeliveries writes delivery messages in one transaction,
// skipping any whose id is already in the outbox (a repeated fan-out).
func (s *Store) EnqueueWebhookDeliveries(ctx context.Context, msgs ...jobs.Message) error {
	return s.update(ctx, func(t *tx) error {
		for _, m := range msgs {
			if m.CreatedAt.IsZero() {
				m.CreatedAt = t.now
			}
			if m.AvailableAt.IsZero() {
				m.AvailableAt = m.CreatedAt
			}
			_, err := t.exec(ctx, `INSERT INTO outbox (id, topic, key, payload, created_at, available_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				m.ID, m.Topic, m.Key, string(m.Payload), micros(m.CreatedAt), micros(m.AvailableAt))
			if err != nil {
				return fmt.Errorf("webhook delivery %s: %w", m.ID, err)
			}
		}
		return nil
	})
}

func scanEndpoint(r scanner) (webhooks.Endpoint, error) {
	var e webhooks.Endpoint
	var events, services []byte
	var created int64
	if err := r.Scan(&e.ID, &e.URL, &e.Secret, &e.Description, &events, &services, &e.Active, &created, &e.CreatedBy); err != nil {
		return webhooks.Endpoint{}, err
	}
	e.CreatedAt = fromMicros(created)
	if err := errors.Join(json.Unmarshal(events, &e.Events), json.Unmarshal(services, &e.Services)); err != nil {
		return webhooks.Endpoint{}, fmt.Errorf("webhook endpoint %d: %w", e.ID, err)
	}
	return e, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// IdempotentRequest returns the fingerprint and case reference stored for
// key, or fault.NotFound.
func (s *Store) IdempotentRequest(ctx context.Context, key string) (fingerprint, ref string, err error) {
	err = s.queryRowRead(ctx, "SELECT fingerprint, case_ref FROM api_idempotency WHERE key = ?", key).Scan(&fingerprint, &ref)
	if err != nil {
		return "", "", notFound(err, "idempotency key")
	}
	return fingerprint, ref, nil
}

// SaveIdempotentRequest stores key's fingerprint and case reference unless
// key is already stored, and returns what is stored (the first writer wins).
func (s *Store) SaveIdempotentRequest(ctx context.Context, key, fingerprint, ref string, at time.Time) (string, string, error) {
	var fp, r string
	err := s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO api_idempotency (key, fingerprint, case_ref, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, key, fingerprint, ref, micros(at))
		if err != nil {
			return err
		}
		return t.queryRow(ctx, "SELECT fingerprint, case_ref FROM api_idempotency WHERE key = ?", key).Scan(&fp, &r)
	})
	if err != nil {
		return "", "", fmt.Errorf("idempotency key: %w", err)
	}
	return fp, r, nil
}
