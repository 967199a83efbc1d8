package records_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// TestRestrictionHoldsThePerson: restricting processing for Jane places a
// person hold, so her report past its period is neither disposed of nor
// erased; only information governance may restrict; releasing the hold
// lifts it.
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
		if err := p.Records.ReleaseHold(ctx, recordsManager, holds[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Approve(ctx, recordsManager, items2[0].ID); err != nil {
			t.Fatalf("after the restriction was lifted: %v", err)
		}
	}, rightsOptions()...)
}
