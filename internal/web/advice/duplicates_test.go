package advice_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestDuplicatesBySamePerson: routing a case lists the open cases the
// single view's record linkage found to be from the same person, however
// differently worded, first; a case of a team the officer cannot see is
// not listed (nor counted), and a closed one is not listed either.
func TestDuplicatesBySamePerson(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		highways := access.Principal{Kind: access.KindStaff, UserID: "u-hw", Name: "Hana Highways", MFA: true,
			Teams: []string{"highways"}, Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
		e.Who.Add(highways)
		priya := func(a service.Answers) service.Answers {
			a["full_name"], a["email"] = service.Answer{Text: "Priya Shah"}, service.Answer{Text: "priya.shah@example.org"}
			return a
		}
		first := e.Submit(access.Anonymous, "report-a-pothole", priya(service.Answers{
			"location": {Location: &service.Location{Description: "Outside 4 Mill Lane"}}, "surface": {Text: "road"}, "dangerous": {Text: "no"},
			"details": {Text: "A deep hole where the tarmac has crumbled away"}}), cases.ChannelWeb)
		second := e.Submit(access.Anonymous, "report-a-pothole", priya(service.Answers{
			"location": {Location: &service.Location{Description: "Corner of Station Road by the school gates"}}, "surface": {Text: "pavement"},
			"dangerous": {Text: "no"}, "details": {Text: "Broken paving slab, children trip on it every morning"}}), cases.ChannelWeb)
		bins := e.Submit(access.Anonymous, "missed-bin-collection", priya(service.Answers{
			"address":  {Address: &service.Address{Line1: "4 Mill Lane", Town: "Guildhall", Postcode: "GH1 1AA"}},
			"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"}}), cases.ChannelWeb)
		if err := e.People.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		same, err := e.People.SamePersonOpenCases(ctx, access.System, first.Ref)
		if err != nil || len(same) != 2 {
			t.Fatalf("the linkage found %d other cases of the same person (%v), want the second pothole and the bin", len(same), err)
		}

		res, page := e.Client(highways).Get("/workspace/route?case=" + first.Ref)
		status(t, res, http.StatusOK, page)
		want := []string{second.Ref + "</a>: Report a pothole (raised by the same person, by record linkage)"}
		got := all(page, `<li><a class="govuk-link" href="/workspace/cases/[^"]+">([^<]+</a>: [^<]*)</li>`)
		if len(got) != len(want) || got[0] != want[0] {
			t.Errorf("possible duplicates = %q, want %q (the bin case %s is another team's)", got, want, bins.Ref)
		}

		if _, err := e.Cases.Transition(ctx, highways, second.Ref, "mark_duplicate", nil, second.Version); err != nil {
			t.Fatal(err)
		}
		_, page = e.Client(highways).Get("/workspace/route?case=" + first.Ref)
		if got := all(page, `(raised by the same person, by record linkage)`); len(got) != 0 {
			t.Errorf("a closed case is still listed: %q", got)
		}
	})
}
