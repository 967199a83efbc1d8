package people_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestAddressLookup: "postcode, then pick an address" for the front door.
func TestAddressLookup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.loadGazetteer()
		l := people.AddressLookup{Gazetteer: st}
		tests := []struct {
			postcode string
			lines    []string
		}{
			{"wv12ab", []string{"1 Mill Lane", "3 Mill Lane", "5A Mill Lane", "Kestrel Court, 7 Mill Lane", "Flat 1, Kestrel Court, 7 Mill Lane", "Flat 2, Kestrel Court, 7 Mill Lane"}}, // locality on line 2
			{"WV2 9QX", []string{"14 St Mary's Road", "16 St Mary's Road"}}, // 18 is historical
			{"ZZ9 9ZZ", nil},
			{"nonsense", nil},
		}
		for _, tt := range tests {
			got, err := l.ByPostcode(context.Background(), tt.postcode)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, a := range got {
				lines = append(lines, a.Line1)
				if a.UPRN == "" || a.Postcode == "" {
					t.Errorf("%s: address without UPRN or postcode: %+v", tt.postcode, a)
				}
			}
			if len(lines) != len(tt.lines) {
				t.Errorf("%s: %q, want %q", tt.postcode, lines, tt.lines)
				continue
			}
			for i := range lines {
				if lines[i] != tt.lines[i] {
					t.Errorf("%s: %q, want %q", tt.postcode, lines, tt.lines)
					break
				}
			}
		}
	})
}

// TestIngestCases: the job turns applicants into records once, matches
// their addresses and notes the places cases name; anonymous reports make
// no record but still count at their property.
func TestIngestCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newEnv(t, st)
		e.loadGazetteer()
		named := e.submit("complaint", "customer-feedback", service.Official,
			cases.Applicant{Name: "Thomas Pritchard", Address: &service.Address{Line1: "Apartment 1", Line2: "Kestrel Ct, 7 Mill Ln", Postcode: "WV1 2AB"}}, nil)
		anon := e.submit("report-fly-tipping", "waste-services", service.Official, cases.Applicant{},
			service.Answers{"where": {Address: &service.Address{Line1: "1 Mill Lane", UPRN: "990000000101"}}})
		n, err := e.svc.IngestCases(ctx)
		if err != nil || n != 2 {
			t.Fatalf("ingested %d, %v", n, err)
		}
		if n, _ := e.svc.IngestCases(ctx); n != 0 {
			t.Errorf("second ingestion read %d cases again", n)
		}
		in, _ := st.LinkInput(ctx)
		if len(in.Records) != 1 || in.Records[0].Key != "case:"+named || in.Records[0].UPRN != "990000000111" || in.Records[0].UPRNMatch != people.MatchExact {
			t.Fatalf("records = %+v", in.Records)
		}
		refs, _ := st.CaseRefsAt(ctx, "990000000101")
		if len(refs) != 1 || refs[0] != anon {
			t.Errorf("cases at 1 Mill Lane = %v, want %s", refs, anon)
		}
	})
}
