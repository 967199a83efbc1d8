package records_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// TestHoldsOnAPersonAndASavedSearch: a hold on Jane Smith (by one of her
// records) holds both her reports, one filed after the hold was placed
// too; a hold on the words "library" holds Carol's report that mentions
// the library; Bob's goes. The holds page's report says what each blocks;
// a search hold placed after approval sends the item back; released, it
// is disposed of. A disposal told about fewer holds than there are is
// refused by the store itself.
func TestHoldsOnAPersonAndASavedSearch(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		jane1 := w.graffiti("Jane Smith", "Tag by the gate", false)
		w.ingest()
		person, err := p.Records.PlaceHold(ctx, recordsManager, records.HoldTarget{Kind: records.HoldPerson, Target: "case:" + jane1}, "Claim by Jane Smith's landlord")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Records.PlaceHold(ctx, recordsManager, records.HoldTarget{Kind: records.HoldPerson, Target: "case:NOPE-NOPE"}, "x"); !errors.Is(err, fault.Invalid) {
			t.Fatalf("a person hold on no record: %v", err)
		}
		if _, err := p.Records.PlaceHold(ctx, streetOfficer, records.HoldTarget{Kind: records.HoldSearch, Target: "library"}, "x"); !errors.Is(err, fault.Forbidden) {
			t.Fatalf("an officer placed a hold: %v", err)
		}
		jane2 := w.graffiti("Jane Smith", "Tag on the bridge", false) // linked after the hold
		carol := w.graffiti("Carol Jones", "Tag on the library wall", false)
		bob := w.graffiti("Bob Brown", "Tag on the bus stop", false)
		w.ingest()
		search, err := p.Records.PlaceHold(ctx, recordsManager, records.HoldTarget{Kind: records.HoldSearch, Target: "  library  "}, "Inquiry into the library fire")
		if err != nil {
			t.Fatal(err)
		}
		p.Clock.Add(3 * 365 * 24 * time.Hour)
		if r, err := p.Records.RunRetention(ctx); err != nil || r.Listed != 4 {
			t.Fatalf("listing: %+v %v", r, err)
		}
		items, err := p.Records.DispositionList(ctx, recordsManager, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		heldBy := map[string][]int64{}
		ids := map[string]int64{}
		for _, d := range items {
			ids[d.Subject] = d.ID
			for _, h := range d.Holds {
				heldBy[d.Subject] = append(heldBy[d.Subject], h.ID)
			}
		}
		want := map[string][]int64{jane1: {person}, jane2: {person}, carol: {search}}
		for _, ref := range []string{jane1, jane2, carol, bob} {
			if !slices.Equal(heldBy[ref], want[ref]) {
				t.Errorf("%s held by %v, want %v", ref, heldBy[ref], want[ref])
			}
		}
		for _, ref := range []string{jane1, jane2, carol} {
			err := p.Records.Approve(ctx, recordsManager, ids[ref])
			if !errors.Is(err, fault.Conflict) || !strings.Contains(fault.Public(err), "legal hold #") {
				t.Errorf("approving held %s: %v", ref, err)
			}
		}
		reports, err := p.Records.HoldReports(ctx, recordsManager)
		if err != nil {
			t.Fatal(err)
		}
		blocked := map[int64][]string{}
		for _, r := range reports {
			for _, d := range r.Blocked {
				blocked[r.ID] = append(blocked[r.ID], d.Subject)
			}
		}
		if got := blocked[person]; !slices.Equal(got, []string{jane1, jane2}) {
			t.Errorf("the person hold blocks %v", got)
		}
		if got := blocked[search]; !slices.Equal(got, []string{carol}) {
			t.Errorf("the search hold blocks %v", got)
		}
		// Bob's is approved; then a search finds it: the job sends it back.
		if err := p.Records.Approve(ctx, recordsManager, ids[bob]); err != nil {
			t.Fatal(err)
		}
		late, err := p.Records.PlaceHold(ctx, recordsManager, records.HoldTarget{Kind: records.HoldSearch, Target: "bus stop"}, "Bus stop contract dispute")
		if err != nil {
			t.Fatal(err)
		}
		if r, err := p.Records.RunRetention(ctx); err != nil || r.Disposed != 0 || r.Held != 1 {
			t.Fatalf("a late search hold: %+v %v", r, err)
		}
		if err := p.Records.ReleaseHold(ctx, recordsManager, late); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Approve(ctx, recordsManager, ids[bob]); err != nil {
			t.Fatal(err)
		}
		// The store refuses a disposal whose caller saw fewer holds than
		// there are: a person or search hold placed in between.
		d, err := p.Store.DueByID(ctx, ids[bob])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Store.Dispose(ctx, records.Disposal{Due: d, HoldsSeen: person - 1, Certificate: records.Certificate{Kind: d.Kind, Subject: d.Subject}}); !errors.Is(err, records.ErrHeld) {
			t.Fatalf("a disposal blind to a person hold: %v", err)
		}
		if r, err := p.Records.RunRetention(ctx); err != nil || r.Disposed != 1 || r.Held != 0 {
			t.Fatalf("after release: %+v %v", r, err)
		}
		if _, err := w.Cases.Get(ctx, recordsManager, bob); !errors.Is(err, fault.NotFound) {
			t.Errorf("Bob's report survived: %v", err)
		}
		for _, ref := range []string{jane1, jane2, carol} {
			if _, err := p.Store.DueByID(ctx, ids[ref]); err != nil {
				t.Errorf("held %s left the list: %v", ref, err)
			}
		}
	}, rightsOptions()...)
}
