package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

func TestAISuggestionLog(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.LogSuggestion(ctx, triage.Record{Feature: triage.FeatureTriage,
			Suggested: []string{"report-fly-tipping", "missed-bin-collection"}, Model: "m1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DecideSuggestion(ctx, id, triage.FeatureRouting, "x", "u1"); !errors.Is(err, fault.Conflict) {
			t.Errorf("deciding as another feature: %v, want Conflict", err)
		}
		if err := s.DecideSuggestion(ctx, id, triage.FeatureTriage, "missed-bin-collection", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideSuggestion(ctx, id, triage.FeatureTriage, "report-fly-tipping", ""); !errors.Is(err, fault.Conflict) {
			t.Errorf("second decision: %v, want Conflict (the first stands)", err)
		}
		if err := s.DecideSuggestion(ctx, 999999, triage.FeatureTriage, "a", ""); !errors.Is(err, fault.NotFound) {
			t.Errorf("unknown id: %v, want NotFound", err)
		}
		got, err := s.AISuggestions(ctx, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("log: %+v, %v", got, err)
		}
		r := got[0]
		if r.Outcome != triage.OutcomeOther || r.Chosen != "missed-bin-collection" || r.Model != "m1" ||
			!slices.Equal(r.Suggested, []string{"report-fly-tipping", "missed-bin-collection"}) || r.DecidedAt.IsZero() {
			t.Errorf("record %+v", r)
		}
	})
}

func TestTriageCorrections(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.LogSuggestion(ctx, triage.Record{Feature: triage.FeatureRouting, CaseRef: "K7QD-M2XH",
			Suggested: []string{"report-a-pothole"}})
		if err != nil {
			t.Fatal(err)
		}
		c := triage.Correction{SuggestionID: id, CaseRef: "K7QD-M2XH", Text: "sofa dumped in the lane",
			ServiceID: "report-fly-tipping", Officer: "u7"}
		if err := s.RecordCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordCorrection(ctx, triage.Correction{Text: "bins missed", ServiceID: "missed-bin-collection", Officer: "u7"}); err != nil {
			t.Fatal(err)
		}
		ex, err := s.TriageExamples(ctx)
		want := []triage.Example{{Text: "sofa dumped in the lane", Service: "report-fly-tipping"}, {Text: "bins missed", Service: "missed-bin-collection"}}
		if err != nil || !slices.Equal(ex, want) {
			t.Errorf("examples %+v, %v", ex, err)
		}
		log, _ := s.AISuggestions(ctx, 1)
		if log[0].Outcome != triage.OutcomeCorrected || log[0].Actor != "u7" || log[0].CaseRef != "K7QD-M2XH" {
			t.Errorf("routing suggestion %+v", log[0])
		}
		// The same suggestion cannot be decided twice, and nothing is half-written.
		if err := s.RecordCorrection(ctx, c); !errors.Is(err, fault.Conflict) {
			t.Errorf("second correction: %v, want Conflict", err)
		}
		if ex, _ := s.TriageExamples(ctx); len(ex) != 2 {
			t.Errorf("a refused correction was stored: %d examples", len(ex))
		}
	})
}
