package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, _, _, err := s.LoadDraft(ctx, "sess-a", "report-a-pothole"); !errors.Is(err, fault.NotFound) {
			t.Fatalf("empty: %v, want NotFound", err)
		}
		steps := []struct {
			name    string
			id      string
			session string
			answers service.Answers
			wantErr error
		}{
			{"create", "d-1", "sess-a", service.Answers{"size": {Text: "small"}}, nil},
			{"update", "d-1", "sess-a", service.Answers{"size": {Text: "large"}, "photo": {File: &service.FileRef{Key: "abc", Name: "p.png", Size: 9}}}, nil},
			{"other session cannot overwrite", "d-1", "sess-b", service.Answers{"size": {Text: "hacked"}}, fault.Conflict},
		}
		for _, st := range steps {
			err := s.SaveDraft(ctx, st.id, st.session, "report-a-pothole", st.answers)
			if (st.wantErr == nil) != (err == nil) || (st.wantErr != nil && !errors.Is(err, st.wantErr)) {
				t.Fatalf("%s: %v, want %v", st.name, err, st.wantErr)
			}
		}
		id, a, ref, err := s.LoadDraft(ctx, "sess-a", "report-a-pothole")
		if err != nil || id != "d-1" || a["size"].Text != "large" || a["photo"].File.Name != "p.png" || ref != "" {
			t.Fatalf("load: %s %+v %q %v", id, a, ref, err)
		}
		if _, _, _, err := s.LoadDraft(ctx, "sess-b", "report-a-pothole"); !errors.Is(err, fault.NotFound) {
			t.Errorf("another session sees the draft: %v", err)
		}
		if err := s.SubmitDraft(ctx, "d-1", "K7QD-M2XH"); err != nil {
			t.Fatal(err)
		}
		if _, _, ref, _ := s.LoadDraft(ctx, "sess-a", "report-a-pothole"); ref != "K7QD-M2XH" {
			t.Errorf("submitted ref %q", ref)
		}
		if err := s.SaveDraft(ctx, "d-1", "sess-a", "report-a-pothole", service.Answers{}); !errors.Is(err, fault.Conflict) {
			t.Errorf("saving a submitted draft: %v, want Conflict", err)
		}
		if err := s.SubmitDraft(ctx, "d-none", "X"); !errors.Is(err, fault.NotFound) {
			t.Errorf("submitting an unknown draft: %v", err)
		}
		n, err := s.DeleteDraftsBefore(ctx, time.Now().Add(time.Hour))
		if err != nil || n != 1 {
			t.Errorf("clean-up removed %d (%v), want 1", n, err)
		}
	})
}
