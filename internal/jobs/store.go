package jobs

import (
	"context"
	"time"
)

// Store is what the outbox worker needs from storage; internal/store
// implements it.
type Store interface {
	// ClaimOutbox takes up to limit messages due at now, counting an attempt
	// on each and hiding them for lease (they return if the worker dies).
	ClaimOutbox(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Message, error)
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	// RetryOutbox records a failed attempt and when to try again.
	RetryOutbox(ctx context.Context, id, lastError string, at time.Time) error
	// MarkDead stops retrying a message until an administrator replays it.
	MarkDead(ctx context.Context, id, lastError string, at time.Time) error
	// DeadLetters lists dead messages, newest first.
	DeadLetters(ctx context.Context, limit int) ([]Message, error)
	// Replay queues a dead message again; fault.NotFound if it is not dead.
	Replay(ctx context.Context, id string, at time.Time) error
	// OutboxDepth counts undelivered messages, pending and dead.
	OutboxDepth(ctx context.Context) (pending, dead int64, err error)
}
