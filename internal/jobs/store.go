package jobs

import (
	"context"
	"time"
)

// Store is what the outbox worker needs from storage; internal/store
// implements it.
type Store interface {
	// Every periodic task runs through a lease (tasks.go).
	TaskLeases
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

// TaskLeases lets nodes that share one database run each periodic task
// once a period (tasks.go); internal/store implements it.
type TaskLeases interface {
	// ClaimTask claims task name for holder until heldUntil and marks the
	// period as taken until nextDue; false when the period is taken or
	// another holder's claim has not lapsed at now.
	ClaimTask(ctx context.Context, name, holder string, now, nextDue, heldUntil time.Time) (bool, error)
	// RenewTask extends holder's claim while the task runs.
	RenewTask(ctx context.Context, name, holder string, heldUntil time.Time) error
	// ReleaseTask ends holder's claim when the run is over.
	ReleaseTask(ctx context.Context, name, holder string, at time.Time) error
}
