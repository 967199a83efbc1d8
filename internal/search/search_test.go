package search

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
)

// published is a disclosure log that a test adds answers to.
type published struct {
	mu      sync.Mutex
	answers []opendata.Disclosure
}

func (p *published) Datasets(context.Context) ([]opendata.Dataset, error) { return nil, nil }

func (p *published) EachDisclosure(_ context.Context, fn func(opendata.Disclosure) error) error {
	p.mu.Lock()
	list := append([]opendata.Disclosure(nil), p.answers...)
	p.mu.Unlock()
	for _, e := range list {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// TestANewAnswerIsFoundOnceTheIndexIsRebuilt: the index is used until it
// is MaxAge old; the search after that is answered from it while a rebuild
// runs, and the searches once it is done find the new answer.
func TestANewAnswerIsFoundOnceTheIndexIsRebuilt(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	log := &published{answers: []opendata.Disclosure{{Ref: "AAAA-0001", Request: "Spending on potholes"}}}
	s := &Service{Data: log, MaxAge: time.Minute, Now: func() time.Time { return now }}
	ctx := context.Background()
	found := func(q string) int {
		t.Helper()
		r, err := s.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return r.Counts[KindAnswer]
	}
	if found("potholes") != 1 || found("libraries") != 0 {
		t.Fatal("the first index")
	}
	log.mu.Lock()
	log.answers = append(log.answers, opendata.Disclosure{Ref: "AAAA-0002", Request: "Library opening hours"})
	log.mu.Unlock()
	now = now.Add(59 * time.Second)
	if found("libraries") != 0 {
		t.Error("the index was rebuilt before it was a minute old")
	}
	now = now.Add(time.Second)
	if found("libraries") != 0 {
		t.Error("the search that starts the rebuild waited for it")
	}
	for {
		s.mu.Lock()
		done := !s.rebuilding
		s.mu.Unlock()
		if done {
			break
		}
		runtime.Gosched()
	}
	if found("libraries") != 1 || found("libary") != 1 {
		t.Error("the rebuilt index does not find the new answer")
	}
}
