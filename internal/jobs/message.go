// Package jobs holds the outbox and the background workers that drain it.
//
// Everything Guildhall sends to the outside world (notifications, webhooks,
// linkage requests) is first written as an outbox Message in the same
// transaction as the change that caused it. The Worker claims due messages,
// calls the topic's Handler outside any transaction, and marks each delivered,
// retries it later with capped exponential back-off, or dead-letters it.
// Delivery is at least once: every message has a stable ID for receivers to
// de-duplicate.
package jobs

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Topics written by the case service.
const (
	TopicNotify  = "notify"  // payload: a notify.Message-compatible JSON object
	TopicWebhook = "webhook" // payload: a case event for subscribers
)

// Message is one outbox row.
type Message struct {
	// ID is stable across retries; receivers de-duplicate on it.
	ID    string
	Topic string
	// Key groups messages about one thing (a case reference), for logs and ordering.
	Key         string
	Payload     json.RawMessage
	CreatedAt   time.Time
	AvailableAt time.Time
	Attempts    int
	LastError   string
	DeliveredAt *time.Time
	DeadAt      *time.Time
}

// NewID returns a random 128-bit identifier in hex, for messages and events.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
