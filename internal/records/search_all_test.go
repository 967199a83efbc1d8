package records_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestSearchAllMatrix: one word in a case, three documents and two spaces
// of different teams and sensitivity; for each reader the results, the
// count and every facet are exactly what the policy lets them open, and
// the filters narrow within that. Things of the same moment are listed
// cases, then documents, then spaces, the newest first.
func TestSearchAllMatrix(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		docs := w.Documents
		search := w.Search
		ref := w.submit(t, "anonymised-pothole", "Ash dieback: a tree fell into the road", "Ann Example")
		w.file(t, docs, planner, "Ash dieback policy", "Ash dieback survey of the parks", service.Official, 0)
		w.move(0, 0, 10)
		w.file(t, docs, planner, "Safeguarding review", "Ash dieback near the children's home on Elm Road", service.OfficialSensitive, 0)
		enforcement, err := docs.CreateSpace(ctx, planner, records.Space{Name: "Ash dieback enforcement", Team: "planning",
			Classification: service.OfficialSensitive, Members: []string{"plan@council.example", "sgt@police.example.uk"}})
		if err != nil {
			t.Fatal(err)
		}
		w.file(t, docs, planner, "Timber theft log", "Ash dieback timber stolen from Wood Lane", service.OfficialSensitive, enforcement)
		if _, err := docs.CreateSpace(ctx, planner, records.Space{Name: "Dieback volunteers", Team: "planning",
			Classification: service.Official, Members: []string{"plan@council.example", "helper@volunteers.example"}}); err != nil {
			t.Fatal(err)
		}
		caseItem := "case:" + ref
		noMFA := func(p access.Principal) access.Principal { p.MFA = false; return p }
		volunteer := access.Principal{Kind: access.KindPartner, UserID: "p-2", Email: "helper@volunteers.example", MFA: true}
		councillor := access.Principal{Kind: access.KindCouncillor, UserID: "u-cllr", Email: "cllr@council.example", MFA: true, Ward: "abbey"}
		for _, tc := range []struct {
			name  string
			who   access.Principal
			q     records.Query
			want  []string
			kinds []records.FacetCount
		}{
			{"planner", planner, records.Query{}, []string{"document:Timber theft log", "document:Safeguarding review", "space:Dieback volunteers",
				"space:Ash dieback enforcement", "document:Ash dieback policy"}, facets("document", 3, "space", 2)},
			{"planner without a second factor", noMFA(planner), records.Query{}, []string{"space:Dieback volunteers", "document:Ash dieback policy"},
				facets("document", 1, "space", 1)},
			{"officer of another team", parks, records.Query{}, []string{"document:Ash dieback policy"}, facets("document", 1)},
			{"highways officer", officer, records.Query{}, []string{caseItem, "document:Ash dieback policy"}, facets("case", 1, "document", 1)},
			{"councillor", councillor, records.Query{}, []string{"document:Ash dieback policy"}, facets("document", 1)},
			{"partner in the OFFICIAL-SENSITIVE space", police, records.Query{}, []string{"document:Timber theft log", "space:Ash dieback enforcement"},
				facets("document", 1, "space", 1)},
			{"partner without a second factor", noMFA(police), records.Query{}, nil, facets()},
			{"partner in the OFFICIAL space", volunteer, records.Query{}, []string{"space:Dieback volunteers"}, facets("space", 1)},
			{"anonymous", access.Anonymous, records.Query{}, nil, facets()},
			{"planner, documents", planner, records.Query{Kind: records.KindDocument},
				[]string{"document:Timber theft log", "document:Safeguarding review", "document:Ash dieback policy"}, facets("document", 3)},
			{"planner, OFFICIAL", planner, records.Query{Classification: service.Official},
				[]string{"space:Dieback volunteers", "document:Ash dieback policy"}, facets("document", 1, "space", 1)},
			{"planner, class 5.3.1 (no spaces)", planner, records.Query{ClassID: "5.3.1"},
				[]string{"document:Timber theft log", "document:Safeguarding review", "document:Ash dieback policy"}, facets("document", 3)},
			{"officer, class 3.1.1", officer, records.Query{ClassID: "3.1.1"}, []string{caseItem}, facets("case", 1)},
			{"officer, team highways", officer, records.Query{Team: "highways"}, []string{caseItem}, facets("case", 1)},
			{"planner, from the 10th", planner, records.Query{From: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)},
				[]string{"document:Timber theft log", "document:Safeguarding review", "space:Dieback volunteers", "space:Ash dieback enforcement"},
				facets("document", 2, "space", 2)},
			{"officer, to the 10th", officer, records.Query{To: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)},
				[]string{caseItem, "document:Ash dieback policy"}, facets("case", 1, "document", 1)},
		} {
			tc.q.Text = "dieback"
			res, err := search.Find(ctx, tc.who, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range res.Items {
				label := string(it.Kind) + ":" + it.Title
				if it.Kind == records.KindCase {
					label = "case:" + it.Ref
				}
				got = append(got, label)
				if !strings.Contains(it.Snippet, "«") {
					t.Errorf("%s: %s's snippet %q has no marked words", tc.name, label, it.Snippet)
				}
			}
			if !slices.Equal(got, tc.want) || res.Matches != len(tc.want) || res.ManyMatches || !slices.Equal(res.Facets.Kinds, tc.kinds) {
				t.Errorf("%s: found %q (%d, more: %v, kinds %v); want %q, %v", tc.name, got, res.Matches, res.ManyMatches, res.Facets.Kinds, tc.want, tc.kinds)
			}
			if n := total(res.Facets.Classifications); n != len(tc.want) {
				t.Errorf("%s: classification facets count %d things, want %d: %v", tc.name, n, len(tc.want), res.Facets.Classifications)
			}
		}
		// The database's read is exactly what the policy allows.
		for _, who := range []access.Principal{planner, noMFA(planner), parks, officer, councillor, police, noMFA(police), volunteer, access.Anonymous} {
			scoped, err := w.Store.SearchDocuments(ctx, records.DocumentQuery{Text: "dieback", Access: access.RecordScopeOf(who, docs.PartnerDomains)}, 100)
			if err != nil {
				t.Fatal(err)
			}
			all, err := w.Store.SearchDocuments(ctx, records.DocumentQuery{Text: "dieback", Access: access.RecordScope{All: true}}, 100)
			if err != nil {
				t.Fatal(err)
			}
			var opens []int64
			for _, d := range all {
				if _, err := docs.Get(ctx, who, d.ID); err == nil {
					opens = append(opens, d.ID)
				}
			}
			if ids := idsOf(scoped); !slices.Equal(ids, opens) {
				t.Errorf("%s %s: the database read %v, the policy opens %v", who.Kind, who.UserID, ids, opens)
			}
		}
	})
}

func facets(kv ...any) []records.FacetCount {
	out := []records.FacetCount{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, records.FacetCount{Value: kv[i].(string), Count: kv[i+1].(int)})
	}
	slices.SortStableFunc(out, func(a, b records.FacetCount) int { return b.Count - a.Count })
	return out
}

func total(fs []records.FacetCount) int {
	n := 0
	for _, f := range fs {
		n += f.Count
	}
	return n
}

func idsOf(ds []records.Document) []int64 {
	var out []int64
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}
