package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func testProperties() []people.Property {
	return []people.Property{
		{UPRN: "100000000003", Street: "Mill Lane", PAO: people.Object{StartNumber: 3}, Town: "Wyvern", Postcode: "WV1 2AB", Status: people.StatusApproved, X: 412345.5},
		{UPRN: "100000000001", Street: "Mill Lane", PAO: people.Object{StartNumber: 1}, Town: "Wyvern", Postcode: "WV1 2AB", Status: people.StatusApproved},
		{UPRN: "100000000002", Street: "Mill Lane", PAO: people.Object{StartNumber: 2}, SAO: people.Object{Text: "Flat A"}, Town: "Wyvern", Postcode: "WV1 2AB", Status: people.StatusHistorical},
	}
}

func TestPeopleGazetteer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.SaveProperties(ctx, testProperties()); err != nil {
			t.Fatal(err)
		}
		// a second import updates rather than duplicates
		if err := s.SaveProperties(ctx, testProperties()[:1]); err != nil {
			t.Fatal(err)
		}
		got, err := s.PropertiesByPostcode(ctx, "WV1 2AB")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].UPRN != "100000000001" || got[1].UPRN != "100000000003" {
			t.Fatalf("by postcode = %+v, want 1 then 3 Mill Lane, the historical flat left out", got)
		}
		p, err := s.Property(ctx, "100000000002")
		if err != nil || p.SAO.Text != "Flat A" || p.Status != people.StatusHistorical {
			t.Fatalf("property = %+v, %v", p, err)
		}
		if got[1].X != 412345.5 {
			t.Errorf("X = %v, want 412345.5", got[1].X)
		}
		if _, err := s.Property(ctx, "999"); !errors.Is(err, fault.NotFound) {
			t.Errorf("unknown UPRN: %v, want NotFound", err)
		}
	})
}

func TestPeopleRecordsAndLinkage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		rec := record("AAAA-0001", "k1")
		rec.Case.Answers["where"] = service.Answer{Address: &service.Address{Line1: "1 Mill Lane", UPRN: "100000000001"}}
		c, _, err := s.SubmitCase(ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
		recs := []people.Record{
			{Key: "case:AAAA-0001", Source: "case", GivenName: "Ada", FamilyName: "Lovelace", DateOfBirth: "1980-12-10", CaseRef: c.Ref, ObservedAt: at, UPRN: "100000000003", UPRNMatch: people.MatchExact},
			{Key: "tax:1", Source: "tax", GivenName: "Ada", FamilyName: "Lovelace", DateOfBirth: "1980-12-10", Address: people.Address{Postcode: "WV1 2AB"}, ObservedAt: at},
			{Key: "tax:2", Source: "tax", GivenName: "Charles", FamilyName: "Babbage", ObservedAt: at},
		}
		after := c.ID
		if err := s.SaveRecords(ctx, people.RecordBatch{Records: recs, Places: []people.CasePlace{{CaseRef: c.Ref, UPRN: "100000000001"}}, CasesAfter: &after}); err != nil {
			t.Fatal(err)
		}
		if w, err := s.CasesWatermark(ctx); err != nil || w != c.ID {
			t.Fatalf("watermark = %d, %v; want %d", w, err, c.ID)
		}
		pending, gen, err := s.PendingRecords(ctx, 10)
		if err != nil || len(pending) != 3 || gen != 1 {
			t.Fatalf("pending = %d records, generation %d, %v", len(pending), gen, err)
		}
		if ok, err := s.LeaseLink(ctx, 0, 1<<62, at); !ok || err != nil {
			t.Fatalf("lease: %v %v", ok, err)
		}
		out := people.LinkOutput{Lease: 1 << 62, Gen: gen, Done: []int64{pending[0].ID, pending[1].ID, pending[2].ID},
			Scope: []string{"case:AAAA-0001", "tax:1", "tax:2"},
			Keys:  map[int64][]people.BlockKey{pending[1].ID: {{Rule: 0, Key: "lovelace"}}, pending[0].ID: {{Rule: 0, Key: "lovelace"}}},
			Persons: []people.LinkedPerson{
				{Person: people.Person{GivenName: "Ada", FamilyName: "Lovelace"}, Keys: []string{"case:AAAA-0001", "tax:1"}},
				{Person: people.Person{GivenName: "Charles", FamilyName: "Babbage"}, Keys: []string{"tax:2"}},
			},
			UPRNs:       map[string]people.Match{"tax:1": {UPRN: "100000000001", How: people.MatchFuzzy}},
			Suggestions: []people.Suggestion{{LeftKey: "tax:1", RightKey: "tax:2", Probability: 0.6, Why: []people.FieldWhy{{Field: "family_name", Level: "else"}}}},
		}
		stale := out
		stale.Lease = 7
		if err := s.SaveLinkage(ctx, stale); !errors.Is(err, fault.Conflict) {
			t.Fatalf("save without the lease: %v", err)
		}
		if err := s.SaveLinkage(ctx, out); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PendingCount(ctx); n != 0 || err != nil {
			t.Errorf("pending after the save = %d, %v", n, err)
		}
		near, capped, err := s.BlockNeighbours(ctx, []people.BlockKey{{Rule: 0, Key: "lovelace"}, {Rule: 0, Key: "babbage"}}, 1)
		if err != nil || len(near) != 0 || len(capped) != 1 || capped[0].Key != "lovelace" {
			t.Errorf("neighbours with a cap of 1 = %+v, capped %+v, %v", near, capped, err)
		}
		near, capped, _ = s.BlockNeighbours(ctx, []people.BlockKey{{Rule: 0, Key: "lovelace"}}, 2)
		if len(near) != 2 || len(capped) != 0 {
			t.Errorf("neighbours with a cap of 2 = %d records, capped %v", len(near), capped)
		}
		ada, err := s.PersonOfRecord(ctx, "tax:1")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.RecordsOfPersons(ctx, []int64{ada})
		if err != nil || len(got) != 2 || got[1].UPRN != "100000000001" || got[1].UPRNMatch != people.MatchFuzzy {
			t.Fatalf("Ada's records = %+v, %v", got, err)
		}
		refs, err := s.CaseRefsAt(ctx, "100000000001")
		if err != nil || len(refs) != 1 || refs[0] != c.Ref {
			t.Errorf("cases at UPRN 1 = %v, %v", refs, err)
		}
		refs, _ = s.CaseRefsAt(ctx, "100000000003")
		if len(refs) != 1 {
			t.Errorf("cases at the applicant's matched UPRN = %v", refs)
		}
		found, err := s.FindRecords(ctx, people.Query{FamilyName: "LOVELACE", GivenName: "ad", Limit: 10})
		if err != nil || len(found) != 2 {
			t.Errorf("find = %d records, %v; want 2", len(found), err)
		}
		found, _ = s.FindRecords(ctx, people.Query{Postcode: "WV1 2AB", DateOfBirth: "1980-12-10"})
		if len(found) != 1 || found[0].Key != "tax:1" {
			t.Errorf("find by postcode and birth date = %+v", found)
		}
		sugs, err := s.Suggestions(ctx, []string{"tax:2"})
		if err != nil || len(sugs) != 1 || sugs[0].LeftPerson != ada || sugs[0].Why[0].Field != "family_name" {
			t.Fatalf("suggestions = %+v, %v", sugs, err)
		}
		cs, err := s.CasesByRef(ctx, []string{c.Ref, "NONE-0000"})
		if err != nil || len(cs) != 1 {
			t.Errorf("cases by ref = %d, %v", len(cs), err)
		}

		// a decision replaces the suggestion, is audited and asks for a new run
		d := people.Decision{Left: "tax:1", Right: "tax:2", Kind: people.CannotLink, Actor: "u1", DecidedAt: at}
		if err := s.SaveDecisions(ctx, []people.Decision{d}, audit.Entry{At: at, Actor: "u1", Action: people.AuditDecision, Subject: "record:tax:1"}); err != nil {
			t.Fatal(err)
		}
		d.Kind = people.MustLink
		if err := s.SaveDecisions(ctx, []people.Decision{d}, audit.Entry{At: at, Actor: "u1", Action: people.AuditDecision, Subject: "record:tax:1"}); err != nil {
			t.Fatal(err)
		}
		in, _ := s.LinkInput(ctx)
		pending, gen, _ = s.PendingRecords(ctx, 10)
		if len(in.Decisions) != 1 || in.Decisions[0].Kind != people.MustLink || len(pending) != 2 || gen != 3 {
			t.Fatalf("after decisions: %+v, %d records waiting at generation %d", in.Decisions, len(pending), gen)
		}
		if sugs, _ := s.Suggestions(ctx, []string{"tax:2"}); len(sugs) != 0 {
			t.Errorf("suggestion kept after a decision: %+v", sugs)
		}

		// a run that merges everyone deletes the person left without records
		charles, _ := s.PersonOfRecord(ctx, "tax:2")
		out = people.LinkOutput{Lease: 1 << 62, Gen: gen, Affected: []int64{ada, charles}, Persons: []people.LinkedPerson{
			{Person: people.Person{ID: ada, GivenName: "Ada"}, Keys: []string{"case:AAAA-0001", "tax:1", "tax:2"}}}}
		if err := s.SaveLinkage(ctx, out); err != nil {
			t.Fatal(err)
		}
		if id, _ := s.PersonOfRecord(ctx, "tax:2"); id != ada {
			t.Errorf("tax:2 belongs to %d, want %d", id, ada)
		}
		if in, _ := s.LinkInput(ctx); len(in.Persons) != 1 {
			t.Errorf("persons after the merge = %v, want Charles's deleted", in.Persons)
		}
		entries, err := s.AuditEntries(ctx, audit.Filter{Action: people.AuditDecision})
		if err != nil || len(entries) != 2 {
			t.Errorf("decision audit entries = %d, %v", len(entries), err)
		}
	})
}
