package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestSearchTakesTheNewestMatchesWhicheverPath: a word is read newest first
// when common and whole through the index otherwise; on PostgreSQL the
// choice follows the planner's estimate and is corrected when the index
// holds more matches than the threshold. With the threshold below, at and
// above the word's real count, every path gives the same newest matches,
// filtered before the limit, and a word no reader's case holds gives none;
// so does a search through the index that starts with a window of the
// newest one or four ids and widens it. Not parallel: it moves the
// threshold and the window.
func TestSearchTakesTheNewestMatchesWhicheverPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var heron, heronHighways []int64
		for i := range 12 {
			rec := record(fmt.Sprintf("H%03d-PATH", i), "")
			rec.Case.SubmittedAt = rec.Case.SubmittedAt.Add(time.Duration(i) * time.Minute)
			rec.Search.Body = "by the bus stop"
			if i%2 == 0 {
				rec.Search.Body = "a heron by the pond"
			}
			if i%4 == 0 {
				rec.Case.Team, rec.Case.ServiceID = "waste", "missed-bin"
			}
			c, _, err := s.SubmitCase(ctx, rec)
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				heron = append([]int64{c.ID}, heron...) // newest first
				if i%4 != 0 {
					heronHighways = append([]int64{c.ID}, heronHighways...)
				}
			}
		}
		highways := access.Scope{Teams: []string{"highways"}}
		for _, path := range []struct{ threshold, window int }{{0, 0}, {3, 0}, {6, 0}, {1_000_000, 0}, {1_000_000, 1}, {1_000_000, 4}, {6, 1}} {
			t.Run(fmt.Sprintf("threshold %d window %d", path.threshold, path.window), func(t *testing.T) {
				defer store.SetCommonWordMatches(path.threshold)()
				defer store.SetFirstWindow(int64(path.window))()
				for _, c := range []struct {
					name  string
					scope access.Scope
					word  string
					limit int
					want  []int64
				}{
					{"every case", access.Scope{All: true}, "herons", 100, heron},
					{"the newest four", access.Scope{All: true}, "heron", 4, heron[:4]},
					{"the newest two", access.Scope{All: true}, "heron", 2, heron[:2]},
					{"a team's, filtered before the limit", highways, "heron", 2, heronHighways[:2]},
					{"a team's, all", highways, "heron", 100, heronHighways},
					{"a word in no case", access.Scope{All: true}, "kestrel", 100, nil},
					{"a word in no case the reader may see", access.Scope{Teams: []string{"parks"}}, "heron", 100, nil},
				} {
					found, err := s.SearchCases(ctx, cases.Query{Access: c.scope, Text: c.word, Sort: cases.SortSubmitted, Limit: c.limit})
					if err != nil {
						t.Fatal(err)
					}
					var got []int64
					for _, f := range found {
						got = append(got, f.ID)
					}
					if !slices.Equal(got, c.want) {
						t.Errorf("%s: found %v, want %v", c.name, got, c.want)
					}
				}
			})
		}
	})
}
