package people_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestSnap: a chosen point takes the street of the nearest property that
// has one, and that property's UPRN only when the point is on it.
func TestSnap(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.loadGazetteer()
		pl := people.Places{Store: e.st}
		for _, tc := range []struct {
			name              string
			at                geo.Point
			usrn, uprn, label string
		}{
			{"on 3 Mill Lane", geo.Point{Lat: 52.5202, Lng: -1.8230}, "99000011", "990000000102", "3 Mill Lane, Hollinsford, Wyvernbury, WV1 2AB"},
			{"in Mill Lane, 39 m from number 1", geo.Point{Lat: 52.5204, Lng: -1.8234}, "99000011", "", "Mill Lane, Wyvernbury"},
			{"where 18 St Mary's Road stood (historical), 13 m from 16", geo.Point{Lat: 52.5303, Lng: -1.8099}, "99000012", "", "St Mary's Road, Wyvernbury"},
			{"in a field far from any street", geo.Point{Lat: 52.60, Lng: -1.80}, "", "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := pl.Snap(context.Background(), tc.at)
				if err != nil {
					t.Fatal(err)
				}
				if got.USRN != tc.usrn || got.UPRN != tc.uprn || got.Label != tc.label || got.Point != tc.at {
					t.Errorf("Snap = %+v; want USRN %q, UPRN %q, label %q at the point chosen", got, tc.usrn, tc.uprn, tc.label)
				}
			})
		}
	})
}

// TestSearchPlaces: by postcode the current properties with a point; by
// street the streets with a word starting so, each placed on its houses.
func TestSearchPlaces(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.loadGazetteer()
		pl := people.Places{Store: e.st}
		for _, tc := range []struct {
			query  string
			labels []string
		}{
			{"wv2 9qx", []string{"14 St Mary's Road, Wyvernbury, WV2 9QX", "16 St Mary's Road, Wyvernbury, WV2 9QX"}},
			{"MILL", []string{"Mill Lane, Wyvernbury"}},
			{"mar", []string{"Market Street, Wyvernbury", "St Mary's Road, Wyvernbury"}},
			{"road", []string{"St Mary's Road, Wyvernbury"}},
			{"ary", nil},     // not the start of a word
			{"St", nil},      // too short to search
			{"m_ll", nil},    // LIKE's wildcards are searched for as they are
			{"100%", nil},    //
			{"ZZ9 9ZZ", nil}, // a postcode with no properties
		} {
			got, err := pl.Search(context.Background(), tc.query)
			if err != nil {
				t.Fatal(err)
			}
			var labels []string
			for _, p := range got {
				labels = append(labels, p.Label)
			}
			if len(labels) != len(tc.labels) || len(labels) > 0 && !equal(labels, tc.labels) {
				t.Errorf("Search(%q) = %q, want %q", tc.query, labels, tc.labels)
			}
		}
		got, err := pl.Search(context.Background(), "Mill Lane")
		if err != nil || len(got) != 1 {
			t.Fatalf("Mill Lane: %v, %v", got, err)
		}
		// The middle of Mill Lane's eight properties.
		if p := got[0].Point.Rounded(4); got[0].USRN != "99000011" || p != (geo.Point{Lat: 52.5205, Lng: -1.8227}) {
			t.Errorf("Mill Lane at %+v, USRN %q", got[0].Point, got[0].USRN)
		}
	})
}

func equal(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAddressLookup: "postcode, then pick an address" for the front door.
func TestAddressLookup(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.loadGazetteer()
		l := people.AddressLookup{Gazetteer: e.st}
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
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
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
		in, _ := e.st.LinkInput(ctx)
		if len(in.Records) != 1 || in.Records[0].Key != "case:"+named || in.Records[0].UPRN != "990000000111" || in.Records[0].UPRNMatch != people.MatchExact {
			t.Fatalf("records = %+v", in.Records)
		}
		refs, _ := e.st.CaseRefsAt(ctx, "990000000101")
		if len(refs) != 1 || refs[0] != anon {
			t.Errorf("cases at 1 Mill Lane = %v, want %s", refs, anon)
		}
	})
}
