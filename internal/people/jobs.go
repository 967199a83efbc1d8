package people

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// TopicLink is the outbox topic that asks for a linkage run (written by
// imports, which run in another process than the worker).
const TopicLink = "people.link"

// Tasks are the periodic jobs for the outbox worker: pick up new cases'
// applicants, then link when anything changed.
func (s *Service) Tasks(every time.Duration) []jobs.Task {
	if every <= 0 {
		every = 30 * time.Second
	}
	return []jobs.Task{{Name: "people", Every: every, Run: s.RunOnce}}
}

// RunOnce ingests new cases and links the records waiting, if any; when
// none wait it reads nothing else. Runs never overlap (see LinkIfChanged).
func (s *Service) RunOnce(ctx context.Context) error {
	if _, err := s.IngestCases(ctx); err != nil {
		return err
	}
	_, _, err := s.LinkIfChanged(ctx)
	return err
}

// Handlers are the outbox handlers of the people service.
func (s *Service) Handlers() map[string]jobs.Handler {
	return map[string]jobs.Handler{TopicLink: func(ctx context.Context, _ jobs.Message) error {
		_, _, err := s.LinkIfChanged(ctx)
		if err != nil && ctx.Err() != nil {
			return nil // the handler's time ran out between batches; the periodic task goes on from there
		}
		return err
	}}
}

// linkMessage asks the worker for a linkage run.
func (s *Service) linkMessage(reason string) jobs.Message {
	payload, _ := json.Marshal(map[string]string{"reason": reason})
	now := s.now()
	return jobs.Message{ID: jobs.NewID(), Topic: TopicLink, Key: "people", Payload: payload, CreatedAt: now, AvailableAt: now}
}
