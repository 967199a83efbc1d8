package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// A case is given the ward its location is in when it is submitted, in the
// same write as the case, for thirty submitted at once. A case outside
// every ward, or with no location, has none; one with no map point but a
// UPRN has the ward of the gazetteer's point for it. The dashboards' counts by ward
// kept as they are written equal a count made afresh from the cases.
func TestSubmissionRecordsWard(t *testing.T) {
	places := []struct {
		lat, lng float64
		ward     string
	}{
		{52.52, -1.84, "E05000001"}, // Abbey
		{52.52, -1.79, "E05000002"}, // Castle
		{52.60, -1.84, ""},          // north of both
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		p := platformtest.New(t, platformtest.OnStore(s), platformtest.Bundled(), platformtest.Wards())
		submit := func(at service.Location) (cases.Case, error) {
			return p.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Channel: cases.ChannelWeb,
				Answers: service.Answers{
					"location":  {Location: &at},
					"surface":   {Text: "road"},
					"size":      {Text: "large"},
					"dangerous": {Text: "no"},
					"full_name": {Text: "Ada Resident"},
					"email":     {Text: "resident@example.org"},
				}})
		}
		var want []string
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pl := places[i%len(places)]
				c, err := submit(service.Location{Lat: &pl.lat, Lng: &pl.lng, Description: fmt.Sprintf("pothole %d", i)})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				want = append(want, c.Ref+" "+pl.ward)
				mu.Unlock()
			}()
		}
		wg.Wait()
		c, err := submit(service.Location{Description: "by the school gates"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, c.Ref+" ")
		// No map point but an address: the gazetteer's point of its UPRN
		// gives the ward, when the gazetteer holds it.
		p.ImportGazetteer("../people/testdata/gazetteer.csv")
		for uprn, ward := range map[string]string{"990000000101": "E05000001", "990000009999": ""} {
			c, err := submit(service.Location{UPRN: uprn, Description: "1 Mill Lane"})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, c.Ref+" "+ward)
		}
		slices.Sort(want)
		got, err := s.CaseWards(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("cases' wards are\n%q\nwant\n%q", got, want)
		}
		kept, recount, err := s.StatCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		wards := map[string]bool{}
		for _, l := range kept {
			wards[strings.Fields(l)[4]] = true
		}
		if !slices.Equal(kept, recount) || len(wards) != 3 {
			t.Errorf("the dashboards' kept counts by ward are\n%q\nbut the cases give\n%q", kept, recount)
		}
	})
}

// A batch of submissions is written in one transaction, with its wards: on
// PostgreSQL as one multi-row insert, which once had too few placeholders per
// row and failed for every batch of two or more (hidden by the queue
// rewriting a failed batch one case at a time).
func TestBatchOfSubmissionsWritesWards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b := record("WRD1-TEST", ""), record("WRD2-TEST", "")
		a.Ward, b.Ward = "E05000001", "E05000002"
		if err := s.WriteBatch(context.Background(), a, b); err != nil {
			t.Fatalf("writing a batch of two: %v", err)
		}
		got, err := s.CaseWards(context.Background())
		if want := []string{"WRD1-TEST E05000001", "WRD2-TEST E05000002"}; err != nil || !slices.Equal(got, want) {
			t.Errorf("cases' wards are %q (%v), want %q", got, err, want)
		}
	})
}
