package records_test

import (
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// TestSearchLeavesOutARestrictedPerson: while Jane's processing is
// restricted, the street officer's search over everything, and the
// queue's word search, neither show nor count her reports; information
// governance (also of the street team) still finds them; Bob's are found
// throughout. Read without the restriction, the text search's matches
// counted Jane's reports though the page left them out.
func TestSearchLeavesOutARestrictedPerson(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		jane1 := w.graffiti("Jane Smith", "Tag by the gate", false)
		jane2 := w.graffiti("Jane Smith", "Tag on the library", true)
		bob := w.graffiti("Bob Jones", "Tag on the wall", true)
		req := w.request("Jane Smith", "restriction")
		w.ingest()
		found := func(who access.Principal) ([]string, int) {
			t.Helper()
			res, err := p.Search.Find(ctx, who, records.Query{Text: "tag", Kind: records.KindCase})
			if err != nil {
				t.Fatal(err)
			}
			page, err := p.Cases.Find(ctx, who, cases.Filter{Query: "tag"})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, it := range res.Items {
				refs = append(refs, it.Ref)
			}
			if page.Matches != res.Matches || len(page.Cases) != len(res.Items) {
				t.Errorf("%s: the queue's search counts %d (%d shown), the search over everything %d (%d shown)",
					who.Name, page.Matches, len(page.Cases), res.Matches, len(res.Items))
			}
			return refsSorted(refs...), res.Matches
		}
		if got, n := found(streetOfficer); !slices.Equal(got, refsSorted(jane1, jane2, bob)) || n != 3 {
			t.Fatalf("before the restriction: %v (%d)", got, n)
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(jane1, jane2, req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}
		if got, n := found(streetOfficer); !slices.Equal(got, []string{bob}) || n != 1 {
			t.Errorf("the street officer while Jane is restricted: %v (%d), want only Bob's %s", got, n, bob)
		}
		if got, n := found(streetGovernance); !slices.Equal(got, refsSorted(jane1, jane2, bob)) || n != 3 {
			t.Errorf("information governance while Jane is restricted: %v (%d)", got, n)
		}
	}, append(rightsOptions(), platformtest.Staff(streetGovernance))...)
}
