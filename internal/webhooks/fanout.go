package webhooks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// TopicDelivery is the outbox topic of one delivery to one endpoint.
const TopicDelivery = "webhook.delivery"

// Outbox writes outbox messages outside any case transaction;
// internal/store implements it.
type Outbox interface {
	// EnqueueWebhookDeliveries writes msgs in one transaction. A message whose
	// ID is already in the outbox is skipped, so a repeated fan-out of the same
	// event queues nothing twice.
	EnqueueWebhookDeliveries(ctx context.Context, msgs ...jobs.Message) error
}

// Event is the body every endpoint receives: thin on purpose. It says what
// happened to which case and where to read it; a receiver fetches the case
// through the API with its own token, so the access policy decides what it
// may see and no OFFICIAL-SENSITIVE answers leave in a webhook.
type Event struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	OccurredAt time.Time `json:"occurred_at"`
	ServiceID  string    `json:"service_id"`
	Case       CaseRef   `json:"case"`
	Data       EventData `json:"data,omitzero"`
}

// CaseRef names the case an event is about.
type CaseRef struct {
	Ref   string `json:"ref"`
	State string `json:"state,omitempty"`
	// URL is the case in the JSON API.
	URL string `json:"url,omitempty"`
	// DueDate is the statutory last day in time ("2026-12-04", Europe/London)
	// and DueAt the last second of it with its UTC offset
	// ("2026-12-04T23:59:59+00:00"); both absent without a due date.
	DueDate string `json:"due_date,omitempty"`
	DueAt   string `json:"due_at,omitempty"`
}

// EventData holds the details of a transition or assignment.
type EventData struct {
	Transition string `json:"transition,omitempty"`
	Assignee   string `json:"assignee,omitempty"`
}

// delivery is the payload of a TopicDelivery message.
type delivery struct {
	EndpointID int64           `json:"endpoint_id"`
	EventID    string          `json:"event_id"`
	EventType  string          `json:"event_type"`
	Body       json.RawMessage `json:"body"`
}

// Fanout handles a "webhook" outbox message: it writes one delivery message
// per matching endpoint. Every endpoint gets the same bytes, so they all see
// one event id and can compare bodies.
func (d *Deliverer) Fanout(ctx context.Context, m jobs.Message) error {
	ev, err := d.decodeEvent(m)
	if err != nil {
		return err
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode webhook event %s: %w", ev.ID, err)
	}
	endpoints, err := d.Store.WebhookEndpoints(ctx)
	if err != nil {
		return fmt.Errorf("fan out webhook %s: %w", ev.ID, err)
	}
	var msgs []jobs.Message
	for _, e := range endpoints {
		if !e.Matches(ev.Type, ev.ServiceID) {
			continue
		}
		p, _ := json.Marshal(delivery{EndpointID: e.ID, EventID: ev.ID, EventType: ev.Type, Body: body})
		msgs = append(msgs, jobs.Message{
			ID: deliveryID(ev.ID, e.ID), Topic: TopicDelivery,
			Key: "endpoint:" + strconv.FormatInt(e.ID, 10), Payload: p,
			CreatedAt: d.now(), AvailableAt: d.now(),
		})
	}
	if len(msgs) == 0 {
		return nil
	}
	return d.Outbox.EnqueueWebhookDeliveries(ctx, msgs...)
}

// DeliveryCase is the reference of the case a TopicDelivery message is
// about, read from the event it carries; "" when it names none. Messages
// are keyed by endpoint (one endpoint's deliveries go in order), so the
// outbox's guard asks this instead of the key.
func DeliveryCase(m jobs.Message) string {
	var in struct {
		Body struct {
			Case CaseRef `json:"case"`
		} `json:"body"`
	}
	if json.Unmarshal(m.Payload, &in) != nil {
		return ""
	}
	return in.Body.Case.Ref
}

// deliveryID is stable for one event and one endpoint, so a fan-out retried
// after a crash finds its deliveries already queued.
func deliveryID(eventID string, endpointID int64) string {
	sum := sha256.Sum256([]byte(eventID + "\x00" + strconv.FormatInt(endpointID, 10)))
	return hex.EncodeToString(sum[:16])
}

// decodeEvent reads a case event written by the case service (its
// webhookEvent). The event id is the message's own id when the payload
// carries none: both are stable across retries.
func (d *Deliverer) decodeEvent(m jobs.Message) (Event, error) {
	var in caseEvent
	if err := json.Unmarshal(m.Payload, &in); err != nil {
		return Event{}, fmt.Errorf("webhook message %s: %w", m.ID, err)
	}
	ev := Event{
		ID: firstOf(in.ID, m.ID), Type: eventType(in.Type), ServiceID: in.Case.ServiceID,
		OccurredAt: firstTime(in.OccurredAt, m.CreatedAt),
		Case:       CaseRef{Ref: in.Case.Ref, State: in.Case.State, DueDate: in.Case.DueDate, DueAt: in.Case.DueAt},
		Data:       EventData{Transition: in.Transition, Assignee: in.Case.Assignee},
	}
	if ev.Case.Ref != "" && d.APIBase != "" {
		ev.Case.URL = strings.TrimRight(d.APIBase, "/") + "/api/v1/cases/" + ev.Case.Ref
	}
	return ev, nil
}

// caseEvent is the payload the case service writes on the "webhook" topic.
type caseEvent struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	OccurredAt time.Time `json:"occurred_at"`
	Case       struct {
		Ref       string `json:"reference"`
		ServiceID string `json:"service_id"`
		State     string `json:"state"`
		Assignee  string `json:"assignee"`
		DueDate   string `json:"due_date"`
		DueAt     string `json:"due_at"`
	} `json:"case"`
	Transition string `json:"transition"`
}

// eventType turns a case event kind ("transitioned") into a webhook event
// type ("case.transitioned").
func eventType(kind string) string {
	if kind == "" || strings.Contains(kind, ".") {
		return kind
	}
	return "case." + kind
}

func firstOf(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t.UTC()
		}
	}
	return time.Time{}
}
