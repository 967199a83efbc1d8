package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// inSuperset says, independently of the SQL, whether a case passes an
// access superset: every required condition, then any one way in.
func inSuperset(a access.Scope, c cases.Case) bool {
	if a.OfficialOnly && c.Classification != service.Official {
		return false
	}
	if a.All {
		return true
	}
	return slices.Contains(a.Teams, c.Team) || slices.Contains(a.ServiceIDs, c.ServiceID) ||
		a.AllOfficial && c.Classification == service.Official
}

// TestQueueOfAReaderLetInSeveralWays: a reader whose superset is "their
// teams OR their teams' services OR every OFFICIAL case" is served by one
// ordered walk per way in, merged (findMerged). Paged three at a time in
// every order, open or not, the queue holds exactly the cases the superset
// admits, in order, each once: a case that comes in two ways (its team's,
// in a service that team owns) is not repeated, and a case that only one
// way admits is not lost at the boundary of a page, where the walks are
// cut. Due dates repeat, so the order within a date is by id.
func TestQueueOfAReaderLetInSeveralWays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		base := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		teams := []string{"highways", "waste", "parks"}
		services := []string{"report-a-pothole", "missed-bin", "overgrown-verge", "safeguarding-concern"}
		var all []cases.Case
		for i := range 48 {
			rec := record(fmt.Sprintf("W%03d-MERG", i), "")
			c := &rec.Case
			c.Team, c.ServiceID = teams[i%3], services[i%4] // every pairing of team and service
			if i%5 == 0 {
				c.Classification = service.OfficialSensitive
			}
			due := base.Add(time.Duration(i%7) * 24 * time.Hour) // seven dates, each shared
			c.DueAt = &due
			c.SubmittedAt = base.Add(time.Duration(i%11) * time.Minute)
			c.UpdatedAt = base.Add(time.Duration(i%13) * time.Minute)
			if i%6 == 0 {
				closed := base.Add(time.Hour)
				c.ClosedAt, c.State = &closed, "closed"
			}
			stored, _, err := s.SubmitCase(ctx, rec)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, stored)
		}
		scopes := map[string]access.Scope{
			"team and its service":          {Teams: []string{"highways", "highways"}, ServiceIDs: []string{"report-a-pothole"}},
			"two teams and two services":    {Teams: []string{"highways", "waste"}, ServiceIDs: []string{"overgrown-verge", "missed-bin"}},
			"a team and every OFFICIAL":     {Teams: []string{"parks"}, AllOfficial: true},
			"no second factor":              {Teams: []string{"waste"}, ServiceIDs: []string{"report-a-pothole"}, OfficialOnly: true},
			"an API client of two services": {ServiceIDs: []string{"missed-bin", "safeguarding-concern"}},
		}
		for name, scope := range scopes {
			for _, sort := range []cases.Sort{cases.SortDue, cases.SortSubmitted, cases.SortUpdated} {
				for _, open := range []bool{true, false} {
					t.Run(fmt.Sprintf("%s/%s/open=%v", name, sort, open), func(t *testing.T) {
						want := expectedQueue(all, scope, sort, open)
						got := pageQueue(t, s, cases.Query{Access: scope, Sort: sort, Open: open, Limit: 3})
						if !slices.Equal(got, want) {
							t.Errorf("queue = %v\nwant    %v", got, want)
						}
					})
				}
			}
		}
	})
}

// expectedQueue is the queue worked out in Go: every case the superset
// admits, in the order's key then id (descending for the newest-first orders).
func expectedQueue(all []cases.Case, scope access.Scope, sort cases.Sort, open bool) []string {
	var in []cases.Case
	for _, c := range all {
		if inSuperset(scope, c) && (!open || c.ClosedAt == nil) {
			in = append(in, c)
		}
	}
	desc := sort != cases.SortDue
	slices.SortFunc(in, func(a, b cases.Case) int {
		ka, kb := cases.SortKey(a, sort), cases.SortKey(b, sort)
		if ka == kb {
			ka, kb = a.ID, b.ID
		}
		if desc {
			ka, kb = kb, ka
		}
		return int(ka - kb)
	})
	refs := make([]string, len(in))
	for i, c := range in {
		refs[i] = c.Ref
	}
	return refs
}

// pageQueue reads every page of q as cases.Service.Find does: the cursor
// is the last row's sort key and id.
func pageQueue(t *testing.T, s *store.Store, q cases.Query) []string {
	t.Helper()
	var refs []string
	for range 100 {
		page, err := s.FindCases(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			refs = append(refs, c.Ref)
		}
		if len(page) < q.Limit {
			return refs
		}
		last := page[len(page)-1]
		q.After = &cases.Cursor{Key: cases.SortKey(last, q.Sort), ID: last.ID}
	}
	t.Fatal("more than 100 pages")
	return nil
}
