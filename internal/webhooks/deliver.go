package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// DefaultTimeout bounds one outbound call, connection to last byte, so that a
// slow receiver cannot hold a worker.
const DefaultTimeout = 10 * time.Second

// Deliverer sends webhook deliveries. Register Fanout for the "webhook" topic
// and Deliver for TopicDelivery on the jobs worker; the worker's back-off and
// dead letters apply to each delivery on its own.
type Deliverer struct {
	Store  Store
	Outbox Outbox
	// Client makes the calls; nil means a client with Timeout whose dialler
	// refuses private addresses unless AllowPrivate is set.
	Client *http.Client
	// Timeout bounds each call; DefaultTimeout when zero.
	Timeout time.Duration
	// AllowPrivate lets deliveries reach loopback, private and link-local
	// addresses. Off by default, so that an administrator's typo or a
	// compromised admin account cannot aim the server at internal services.
	AllowPrivate bool
	// APIBase is the public base URL of this Guildhall, for links in events.
	APIBase string
	// Now is the clock used for signatures; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger

	once      sync.Once
	ownClient *http.Client
}

// Handlers returns the jobs handlers to register on the outbox worker:
// Fanout for the case service's "webhook" topic and Deliver for
// TopicDelivery.
func (d *Deliverer) Handlers() map[string]jobs.Handler {
	return map[string]jobs.Handler{jobs.TopicWebhook: d.Fanout, TopicDelivery: d.Deliver}
}

// Deliver handles a TopicDelivery message: one signed POST to one endpoint.
// A 2xx answer is success; anything else is an error, and the worker retries
// later. A delivery to an endpoint that has been deleted or paused is dropped.
func (d *Deliverer) Deliver(ctx context.Context, m jobs.Message) error {
	var in delivery
	if err := json.Unmarshal(m.Payload, &in); err != nil {
		return fmt.Errorf("webhook delivery %s: %w", m.ID, err)
	}
	e, err := d.Store.WebhookEndpoint(ctx, in.EndpointID)
	if errors.Is(err, fault.NotFound) || (err == nil && !e.Active) {
		d.logger().Info("webhook delivery dropped: endpoint gone or paused", "endpoint", in.EndpointID, "event", in.EventID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("webhook delivery %s: %w", m.ID, err)
	}
	return d.post(ctx, e, in, m.Attempts+1)
}

func (d *Deliverer) post(ctx context.Context, e Endpoint, in delivery, attempt int) error {
	if err := CheckURL(e.URL); err != nil {
		return fmt.Errorf("webhook to endpoint %d: %w (%w)", e.ID, err, jobs.ErrPermanent)
	}
	ctx, cancel := context.WithTimeout(ctx, d.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(in.Body))
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "webhook request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Guildhall-Webhooks/1")
	req.Header.Set(HeaderEventID, in.EventID)
	req.Header.Set(HeaderEventType, in.EventType)
	req.Header.Set(HeaderDelivery, strconv.Itoa(attempt))
	req.Header.Set(HeaderSignature, Sign(e.Secret, d.now(), in.Body))
	resp, err := d.client().Do(req)
	if errors.Is(err, errPrivate) {
		// An administrator must change the URL; retrying cannot help.
		return fmt.Errorf("webhook to endpoint %d: %w (%w)", e.ID, err, jobs.ErrPermanent)
	}
	if err != nil {
		return fmt.Errorf("webhook to endpoint %d: %w", e.ID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook to endpoint %d: receiver answered %s", e.ID, resp.Status)
	}
	return nil
}

// client is Client, or one client made on first use and kept, so that
// connections to a receiver are reused.
func (d *Deliverer) client() *http.Client {
	if d.Client != nil {
		return d.Client
	}
	d.once.Do(func() { d.ownClient = newClient(d.timeout(), d.AllowPrivate) })
	return d.ownClient
}

func (d *Deliverer) timeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return DefaultTimeout
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) logger() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.Default()
}
