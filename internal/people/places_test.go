package people_test

import (
	"context"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestSnap: a chosen point takes the street of the nearest property that
// has one, and that property's UPRN only when the point is on it.
func TestSnap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.loadGazetteer()
		pl := people.Places{Store: st}
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
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.loadGazetteer()
		pl := people.Places{Store: st}
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
