package records_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestSearchBoundCountsOnlyWhatTheReaderMayFind: the bound on a search's
// matches is applied to the documents the reader may find. Newer
// OFFICIAL-SENSITIVE documents of another team, however many, change
// nothing parks sees: not the hits, not the count, not "more than". Bounded
// before the policy, parks would see no hits and "more than 3" here.
func TestSearchBoundCountsOnlyWhatTheReaderMayFind(t *testing.T) {
	defer func(old int) { records.MaxSearchMatches = old }(records.MaxSearchMatches)
	records.MaxSearchMatches = 3
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		docs := w.Documents
		q := records.DocumentQuery{Text: "hedge"}
		for i := range 2 {
			w.file(t, docs, planner, fmt.Sprintf("Hedge notice %d", i), "hedge height notice", service.Official, 0)
		}
		before, err := docs.Find(ctx, parks, q)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			w.file(t, docs, planner, fmt.Sprintf("Hedge dispute %d", i), "hedge dispute with a named neighbour", service.OfficialSensitive, 0)
		}
		after, err := docs.Find(ctx, parks, q)
		if err != nil {
			t.Fatal(err)
		}
		if after.Matches != 2 || after.ManyMatches || len(after.Hits) != 2 || !reflect.DeepEqual(after, before) {
			t.Errorf("parks: %d matches (more than: %v), %d hits; want 2, false, 2 and the same as before the sensitive ones: %+v",
				after.Matches, after.ManyMatches, len(after.Hits), before)
		}
		if res, _ := docs.Find(ctx, planner, q); res.Matches != 3 || !res.ManyMatches {
			t.Errorf("planner may find 6: got %d (more than: %v), want 3 and more", res.Matches, res.ManyMatches)
		}
		for i := range 2 {
			w.file(t, docs, planner, fmt.Sprintf("Hedge survey %d", i), "hedge survey", service.Official, 0)
		}
		res, err := docs.Find(ctx, parks, q)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, h := range res.Hits {
			titles = append(titles, h.Document.Title)
		}
		if res.Matches != 3 || !res.ManyMatches || !reflect.DeepEqual(sorted(titles), []string{"Hedge notice 1", "Hedge survey 0", "Hedge survey 1"}) {
			t.Errorf("parks may find 4: got %d (more than: %v) %v, want the newest 3 and more", res.Matches, res.ManyMatches, titles)
		}
	})
}
