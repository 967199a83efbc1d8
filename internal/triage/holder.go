package triage

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Corrections gives the labelled examples officers have made (a text and
// the service it should have gone to), oldest first.
type Corrections interface {
	TriageExamples(ctx context.Context) ([]Example, error)
}

// Trainer holds the current model and retrains it without a restart: on
// Kick (a correction arrived, the definitions were reloaded) a background
// loop trains a new model and swaps it in atomically. Requests in flight keep
// the model they started with.
type Trainer struct {
	// Services returns the current definitions.
	Services func() []*service.Definition
	// Corrections may be nil: then only definitions and background train.
	Corrections Corrections
	Now         func() time.Time
	// Trained, when set, is told of each new model (for the log).
	Trained func(*Model, error)

	cur  atomic.Pointer[Model]
	kick chan struct{}
}

// NewTrainer returns a trainer with no model yet: Run trains the first in
// the background (about a second of CPU), so starting the server is not
// delayed; until then Model is nil and the suggestions are simply absent.
func NewTrainer(services func() []*service.Definition, corr Corrections, now func() time.Time) *Trainer {
	return &Trainer{Services: services, Corrections: corr, Now: now, kick: make(chan struct{}, 1)}
}

// Model returns the current model, nil before the first training.
func (t *Trainer) Model() *Model { return t.cur.Load() }

// Kick asks for a retrain soon. Kicks while one is pending merge into one.
func (t *Trainer) Kick() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// Run retrains on every Kick until ctx ends. Start it once.
func (t *Trainer) Run(ctx context.Context) {
	t.Kick() // take in the corrections already stored
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.kick:
			m, err := t.Retrain(ctx)
			if t.Trained != nil {
				t.Trained(m, err)
			}
		}
	}
}

// Retrain trains a model from the current services and corrections and makes
// it current. On error the previous model stays.
func (t *Trainer) Retrain(ctx context.Context) (*Model, error) {
	var extra []Example
	if t.Corrections != nil {
		var err error
		if extra, err = t.Corrections.TriageExamples(ctx); err != nil {
			return nil, err
		}
	}
	m := Train(t.Services(), extra, t.Now())
	t.cur.Store(m)
	return m, nil
}
