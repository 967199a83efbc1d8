package records_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// TestRestrictionHoldsThePerson: restricting processing for Jane places a
// person hold, so her report past its period is neither disposed of nor
// erased; only information governance may restrict; the hold is released
// only by lifting the restriction.
func TestRestrictionHoldsThePerson(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		old := w.graffiti("Jane Smith", "Tag by the gate", false)
		req := w.request("Jane Smith", "restriction")
		w.ingest()
		p.Clock.Add(3 * 365 * 24 * time.Hour)
		if err := p.Records.Restrict(ctx, governance, req); !errors.Is(err, fault.NotFound) {
			t.Fatalf("restricted before the person was chosen: %v", err)
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(old, req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Restrict(ctx, recordsManager, req); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("a records manager restricted: %v", err)
		}
		if err := p.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}
		holds, err := p.Records.Holds(ctx, recordsManager)
		if err != nil || len(holds) != 1 || holds[0].Kind != records.HoldPerson || holds[0].Reason != "Restriction of processing, request "+req+" (UK GDPR Art. 18)" {
			t.Fatalf("holds after restriction: %+v %v", holds, err)
		}
		_, items, err := p.Records.RightsRequest(ctx, governance, req)
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(items); !strings.HasPrefix(got, "case "+old+": keep: Legal hold #1 Restriction of processing, request "+req) {
			t.Errorf("erasure plan under restriction:\n%s", got)
		}
		if r, err := p.Records.RunRetention(ctx); err != nil || r.Listed != 1 {
			t.Fatalf("listing: %+v %v", r, err)
		}
		items2, err := p.Records.DispositionList(ctx, recordsManager, 0, 10)
		if err != nil || len(items2) != 1 || len(items2[0].Holds) != 1 {
			t.Fatalf("the restricted report is not held on the list: %+v %v", items2, err)
		}
		if err := p.Records.Approve(ctx, recordsManager, items2[0].ID); !errors.Is(err, fault.Conflict) {
			t.Fatalf("a restricted person's report approved for disposal: %v", err)
		}
		if err := p.Records.ReleaseHold(ctx, recordsManager, holds[0].ID); !errors.Is(err, fault.Conflict) {
			t.Fatalf("a restriction's hold released from the holds page, without telling the person: %v", err)
		}
		if err := p.Records.LiftRestriction(ctx, governance, req, "Your claim against the council was settled"); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Approve(ctx, recordsManager, items2[0].ID); err != nil {
			t.Fatalf("after the restriction was lifted: %v", err)
		}
	}, rightsOptions()...)
}

// TestRestrictionStopsProcessing: while Jane's processing is restricted the
// street officer sees only a notice in the single view, linkage neither
// links her new report to her nor lets anyone link or split her records,
// and open data and statistics leave her report out; information
// governance still sees everything. Lifting the restriction tells her,
// is audited, and brings everything back.
func TestRestrictionStopsProcessing(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		old := w.graffiti("Jane Smith", "Tag by the gate", false)
		bob := w.graffiti("Bob Jones", "Paint on the wall", false)
		req := w.request("Jane Smith", "restriction")
		w.ingest()
		janeID := w.personOf(old)
		if w.personOf(req) != janeID {
			t.Fatalf("the request and the report are not one person before the restriction: the test proves nothing")
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}

		// The single view: a notice for the street officer, everything for IG.
		found, err := p.People.Search(ctx, streetOfficer, people.SearchQuery{Name: "Jane Smith"})
		if err != nil || len(found) != 1 || !found[0].Restricted || found[0].Person.Name() != "" || found[0].Cases != 0 {
			t.Fatalf("the street officer's search for Jane: %+v %v", found, err)
		}
		if v, err := p.People.Person(ctx, streetOfficer, janeID); err != nil || !v.Restricted || len(v.Records) != 0 || len(v.Cases) != 0 || v.Person.Name() != "" {
			t.Fatalf("the street officer's view of Jane: %+v %v", v, err)
		}
		// (Information governance sees what it could see anyway: its own
		// request, not the street team's report.)
		v, err := p.People.Person(ctx, governance, janeID)
		if err != nil || !v.Restricted || v.Person.Name() != "Jane Smith" || len(v.Records) != 1 || v.Records[0].Key != "case:"+req {
			t.Fatalf("information governance's view of Jane: %+v %v", v, err)
		}
		if err := p.People.Confirm(ctx, streetOfficer, "case:"+old, "case:"+bob, "same person"); !errors.Is(err, fault.NotFound) {
			t.Fatalf("a restricted record linked by hand: %v", err)
		}
		if err := p.People.Split(ctx, governance, janeID, "case:"+req, "not her"); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("a restricted person split by hand: %v", err)
		}

		// Linkage: her new report stays apart from her restricted records.
		later := w.graffiti("Jane Smith", "More tags by the gate", false)
		w.ingest()
		if w.personOf(later) == janeID || w.personOf(old) != janeID || w.personOf(req) != janeID {
			t.Fatalf("linkage touched restricted records: jane %d, old %d, request %d, later report %d",
				janeID, w.personOf(old), w.personOf(req), w.personOf(later))
		}

		// Open data and statistics leave the restricted report out.
		if got := w.published("report-graffiti"); !slices.Equal(got, refsSorted(bob, later)) {
			t.Errorf("open data publishes %v, want %v (not the restricted %s)", got, refsSorted(bob, later), old)
		}
		if got := w.received("report-graffiti"); got != 2 {
			t.Errorf("statistics count %d graffiti reports received, want 2 (not the restricted one)", got)
		}

		// Lifting: only IG, with a reason; the person is told; it is audited.
		if err := p.Records.LiftRestriction(ctx, streetOfficer, req, "done"); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("the street officer lifted a restriction: %v", err)
		}
		if err := p.Records.LiftRestriction(ctx, governance, req, "  "); !errors.Is(err, fault.Invalid) {
			t.Fatalf("lifted without a reason: %v", err)
		}
		if err := p.Records.LiftRestriction(ctx, governance, req, "The accuracy of your details has been checked"); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.LiftRestriction(ctx, governance, req, "again"); !errors.Is(err, fault.NotFound) {
			t.Fatalf("lifted twice: %v", err)
		}
		w.checkToldLifted(req)
		if holds, err := p.Records.Holds(ctx, recordsManager); err != nil || len(holds) != 1 || holds[0].Active() || holds[0].ReleasedBy != governance.UserID {
			t.Fatalf("the restriction's hold after lifting: %+v %v", holds, err)
		}
		w.ingest()
		if w.personOf(later) != w.personOf(old) {
			t.Errorf("after lifting, Jane's later report is still apart from her: %d and %d", w.personOf(later), w.personOf(old))
		}
		if got := w.published("report-graffiti"); !slices.Equal(got, refsSorted(old, bob, later)) {
			t.Errorf("after lifting, open data publishes %v", got)
		}
		if got := w.received("report-graffiti"); got != 3 {
			t.Errorf("after lifting, statistics count %d", got)
		}
		found, err = p.People.Search(ctx, streetOfficer, people.SearchQuery{Name: "Jane Smith"})
		if err != nil || len(found) != 1 || found[0].Restricted || found[0].Person.Name() != "Jane Smith" || found[0].Cases != 2 {
			t.Fatalf("after lifting, the street officer's search for Jane: %+v %v", found, err)
		}
	}, rightsOptions()...)
}

func (w *rightsWorld) personOf(ref string) int64 {
	w.t.Helper()
	id, err := w.Store.PersonOfRecord(w.ctx, "case:"+ref)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

func refsSorted(refs ...string) []string { return slices.Sorted(slices.Values(refs)) }

// published lists the references open data would publish for a service.
func (w *rightsWorld) published(serviceID string) []string {
	w.t.Helper()
	var refs []string
	if err := w.Store.EachRecord(w.ctx, serviceID, time.Time{}, func(r opendata.Record) error {
		refs = append(refs, r.Ref)
		return nil
	}); err != nil {
		w.t.Fatal(err)
	}
	slices.Sort(refs)
	return refs
}

// received is how many cases of a service statistics count as received
// since the platform's clock started.
func (w *rightsWorld) received(serviceID string) int {
	w.t.Helper()
	groups, err := w.Store.StatisticsGroups(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	groups = slices.DeleteFunc(groups, func(g statistics.Group) bool { return g.ServiceID != serviceID })
	now := w.Clock.Now()
	c, err := w.Store.StatisticsCounts(w.ctx, statistics.Query{Groups: groups, From: platformtest.Start.Add(-time.Hour), To: now.Add(time.Hour), Now: now})
	if err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, r := range c.Rows {
		n += r.Received
	}
	return n
}

// checkToldLifted: Jane is told, by email, that the restriction is lifted
// and why, and the lifting is in the audit log.
func (w *rightsWorld) checkToldLifted(req string) {
	w.t.Helper()
	entries, err := w.Store.AuditEntries(w.ctx, audit.Filter{Action: records.AuditRestrictionLifted, Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].Actor != governance.UserID || entries[0].Subject != "case:"+req ||
		!strings.Contains(string(entries[0].Detail), `"reason":"The accuracy of your details has been checked"`) {
		w.t.Fatalf("the lifting's audit entry: %+v %v", entries, err)
	}
	got, told := w.told(entries[0], req)
	want := map[string]string{"id": told, "channel": "email", "to": "jane.smith@example.com",
		"subject": "We are lifting the restriction on using your personal information " + req,
		"body": "We restricted how we use your personal information after your request " + req + ".\n\n" +
			"We are lifting that restriction because: The accuracy of your details has been checked\n\n" +
			"From now on we may use your information again for the purposes we told you about. " +
			"If you think we are wrong, reply to this message, or complain to the Information Commissioner's Office: https://ico.org.uk/make-a-complaint/"}
	if !maps.Equal(got, want) {
		w.t.Errorf("the message telling Jane:\n got %q\nwant %q", got, want)
	}
}
