package webhooks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Store is what webhooks need from storage; internal/store implements it.
// Each method is one transaction.
type Store interface {
	// CreateWebhookEndpoint stores e and sets its ID.
	CreateWebhookEndpoint(ctx context.Context, e *Endpoint) error
	// WebhookEndpoint returns one endpoint, or fault.NotFound.
	WebhookEndpoint(ctx context.Context, id int64) (Endpoint, error)
	// WebhookEndpoints returns every endpoint, newest first.
	WebhookEndpoints(ctx context.Context) ([]Endpoint, error)
	// SetWebhookEndpointActive pauses or resumes an endpoint; fault.NotFound if none.
	SetWebhookEndpointActive(ctx context.Context, id int64, active bool) error
	// DeleteWebhookEndpoint removes an endpoint; fault.NotFound if none.
	DeleteWebhookEndpoint(ctx context.Context, id int64) error
}

// Registry is the administrator's view of endpoints.
type Registry struct {
	Store Store
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Register validates and stores a new endpoint with a fresh secret, and
// returns it with the secret: the only time the secret is shown. It returns
// *ValidationError (fault.Invalid) when the endpoint is not acceptable.
func (r *Registry) Register(ctx context.Context, e Endpoint, by string) (Endpoint, error) {
	e.URL = strings.TrimSpace(e.URL)
	e.Events = dedupe(e.Events)
	e.Services = dedupe(e.Services)
	if err := e.Validate(); err != nil {
		return Endpoint{}, err
	}
	e.Secret = NewSecret()
	e.Active = true
	e.CreatedAt = r.now()
	e.CreatedBy = by
	if err := r.Store.CreateWebhookEndpoint(ctx, &e); err != nil {
		return Endpoint{}, fmt.Errorf("register webhook endpoint: %w", err)
	}
	return e, nil
}

// List returns every endpoint with its secret removed.
func (r *Registry) List(ctx context.Context) ([]Endpoint, error) {
	es, err := r.Store.WebhookEndpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("list webhook endpoints: %w", err)
	}
	for i := range es {
		es[i].Secret = ""
	}
	return es, nil
}

// SetActive pauses or resumes deliveries to an endpoint. Deliveries already
// queued for a paused endpoint are dropped when they come due.
func (r *Registry) SetActive(ctx context.Context, id int64, active bool) error {
	return r.Store.SetWebhookEndpointActive(ctx, id, active)
}

// Delete removes an endpoint; queued deliveries to it are dropped.
func (r *Registry) Delete(ctx context.Context, id int64) error {
	return r.Store.DeleteWebhookEndpoint(ctx, id)
}

func (r *Registry) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
