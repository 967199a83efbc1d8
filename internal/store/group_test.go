package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestDraftSavesGroupCommitted: many residents' page saves at once are
// written together, and a save that must fail (a submitted draft, another
// session's draft, text the store refuses) fails alone without undoing the
// others in its group.
func TestDraftSavesGroupCommitted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.SaveDraft(ctx, "done", "sess-done", "report-a-pothole", service.Answers{"a": {Text: "x"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SubmitDraft(ctx, "done", "K7QD-M2XH"); err != nil {
			t.Fatal(err)
		}
		const n = 300
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id, session, text := fmt.Sprintf("d-%d", i), fmt.Sprintf("sess-%d", i), fmt.Sprintf("answer %d", i)
				switch i % 10 {
				case 3: // a submitted draft
					id, session = "done", "sess-done"
				case 7: // an identifier no store keeps (not UTF-8)
					id = "d-\xff"
				}
				errs[i] = s.SaveDraft(ctx, id, session, "report-a-pothole", service.Answers{"a": {Text: text}})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			switch i % 10 {
			case 3:
				if !errors.Is(err, fault.Conflict) {
					t.Errorf("save %d of a submitted draft: %v, want Conflict", i, err)
				}
				continue
			case 7:
				if err == nil {
					t.Errorf("save %d with a bad identifier: accepted", i)
				}
				continue
			}
			if err != nil {
				t.Errorf("save %d: %v", i, err)
				continue
			}
			id, a, _, err := s.LoadDraft(ctx, fmt.Sprintf("sess-%d", i), "report-a-pothole")
			if err != nil || id != fmt.Sprintf("d-%d", i) || a["a"].Text != fmt.Sprintf("answer %d", i) {
				t.Errorf("draft %d read back as %q %+v (%v)", i, id, a, err)
			}
		}
		if _, a, ref, _ := s.LoadDraft(ctx, "sess-done", "report-a-pothole"); ref != "K7QD-M2XH" || a["a"].Text != "x" {
			t.Errorf("the submitted draft changed: %q %+v", ref, a)
		}
	})
}

// TestGroupedWriteFailsAlone: a write that has already changed rows and
// then fails is undone on its own; the writes grouped with it are kept.
func TestGroupedWriteFailsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 200
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var fail error
				if i%2 == 1 {
					fail = fault.New(fault.Invalid, "write %d changes its mind", i)
				}
				errs[i] = s.UpdateGrouped(ctx, `INSERT INTO drafts (id, session, service_id, answers, created_at, updated_at)
					VALUES (?, ?, 'svc', '{}', 1, 1)`, []any{fmt.Sprintf("g-%d", i), fmt.Sprintf("gs-%d", i)}, fail)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			_, _, _, lerr := s.LoadDraft(ctx, fmt.Sprintf("gs-%d", i), "svc")
			if i%2 == 1 {
				if !errors.Is(err, fault.Invalid) || !errors.Is(lerr, fault.NotFound) {
					t.Errorf("failed write %d: %v, and its row: %v; want Invalid and no row", i, err, lerr)
				}
			} else if err != nil || lerr != nil {
				t.Errorf("write %d: %v, row: %v", i, err, lerr)
			}
		}
	})
}
