package cases_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// streetOfficer works the street-report fixture.
var streetOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-streets", Name: "Sol Streets", Teams: []string{"streets"},
	Grants: []access.Grant{{Role: "officer", Team: "streets"}}, MFA: true}

func streetPlatform(t *testing.T, s *store.Store, opts ...platformtest.Option) *platformtest.Platform {
	t.Helper()
	return platformtest.New(t, append([]platformtest.Option{platformtest.OnStore(s), platformtest.Fixtures("street-report", "report-a-pothole"),
		platformtest.Staff(streetOfficer)}, opts...)...)
}

// notifiedStreetPlatform is streetPlatform sending its messages to a
// local GOV.UK Notify (see deliver).
func notifiedStreetPlatform(t *testing.T, s *store.Store) (*platformtest.Platform, *notifytest.Server) {
	t.Helper()
	nf := notifytest.NewServer(t)
	return streetPlatform(t, s, platformtest.Notify(nf)), nf
}

// streetAt is a street report at a point, described as place.
func streetAt(lat, lng float64, place string) service.Answers {
	return service.Answers{
		"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: place}},
		"details":   {Text: "Broken paving slab"},
		"full_name": {Text: "Ada Resident"},
		"email":     {Text: "ada@example.org"},
	}
}

// Market Place, Westbury, and points measured from it.
const baseLat, baseLng = 51.26000, -2.18700

// metresNorth is a latitude the given distance north of baseLat.
func metresNorth(m float64) float64 { return baseLat + m/111195.0 }

// TestNearbyReports: a resident about to report is shown the open reports
// of the same service within the distance, nearest first, with the place
// redacted and rounded as the service publishes it; not closed ones, not
// further ones, not other services', not a service that publishes no place.
func TestNearbyReports(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p := streetPlatform(t, s)
		ctx := context.Background()
		near := p.Submit(access.Anonymous, "street-report", streetAt(metresNorth(30), baseLng, "By the bench, ask Mrs Patel at number 4"), cases.ChannelWeb)
		nearer := p.Submit(access.Anonymous, "street-report", streetAt(metresNorth(10), baseLng, "Market Place"), cases.ChannelWeb)
		p.Submit(access.Anonymous, "street-report", streetAt(metresNorth(80), baseLng, "Too far"), cases.ChannelWeb)
		closed := p.Submit(access.Anonymous, "street-report", streetAt(metresNorth(5), baseLng, "Closed one"), cases.ChannelWeb)
		if _, err := p.Cases.Transition(ctx, streetOfficer, closed.Ref, "fix", nil, closed.Version); err != nil {
			t.Fatal(err)
		}
		got, err := p.Cases.Nearby(ctx, "street-report", cases.Point{Lat: baseLat, Lng: baseLng})
		if err != nil {
			t.Fatal(err)
		}
		var summary []string
		for _, r := range got {
			summary = append(summary, fmt.Sprintf("%s %dm %s %q %.3f,%.3f", r.Ref, r.Metres, r.Status, r.Place, r.Point.Lat, r.Point.Lng))
		}
		want := []string{
			fmt.Sprintf("%s 10m Reported %q 51.260,-2.187", nearer.Ref, "Market Place"),
			fmt.Sprintf("%s 30m Reported %q 51.260,-2.187", near.Ref, "By the bench, ask [name removed] at number 4"),
		}
		if fmt.Sprint(summary) != fmt.Sprint(want) {
			t.Errorf("nearby:\n got %q\nwant %q", summary, want)
		}
		none, err := p.Cases.Nearby(ctx, "report-a-pothole", cases.Point{Lat: baseLat, Lng: baseLng})
		if err != nil || len(none) != 0 {
			t.Errorf("a service that publishes no place: %v, %v", none, err)
		}
	})
}

// TestFollowManyAtOnce: the same address following one report from many
// requests at once is one follower and one confirmation; a second address
// is another. A closed report, a private service's case and a bad address
// are refused.
func TestFollowManyAtOnce(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		c := p.Submit(access.Anonymous, "street-report", streetAt(baseLat, baseLng, "Market Place"), cases.ChannelWeb)
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for i := 0; i < 12; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := p.Cases.Follow(ctx, c.Ref, " Bo@Example.org ", lang.English)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.Cases.Follow(ctx, c.Ref, "07700 900 982", lang.English); err != nil {
			t.Fatal(err)
		}
		fs, err := s.CaseFollowers(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(fs) != "[{email bo@example.org en} {sms 07700 900982 en}]" {
			t.Errorf("followers: %v", fs)
		}
		sent := map[string]int{}
		for _, n := range deliver(t, p, nf) {
			sent[n.EmailAddress+n.PhoneNumber]++
		}
		if fmt.Sprint(sent) != "map[07700 900982:1 bo@example.org:1]" {
			t.Errorf("confirmations (one per follower): %v", sent)
		}
		if _, err := p.Cases.Follow(ctx, c.Ref, "not an address", lang.English); !errors.Is(err, fault.Invalid) {
			t.Errorf("bad address: %v", err)
		}
		pothole := p.Submit(access.Anonymous, "report-a-pothole", potholeAnswers(), cases.ChannelWeb)
		if _, err := p.Cases.Follow(ctx, pothole.Ref, "bo@example.org", lang.English); !errors.Is(err, fault.NotFound) {
			t.Errorf("a service without public reports: %v", err)
		}
		if _, err := p.Cases.Transition(ctx, streetOfficer, c.Ref, "fix", nil, c.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.Follow(ctx, c.Ref, "cy@example.org", lang.English); !errors.Is(err, fault.Conflict) {
			t.Errorf("a closed report: %v", err)
		}
	})
}

// storeEach runs fn on SQLite and on PostgreSQL.
func storeEach(t *testing.T, fn func(t *testing.T, s *store.Store)) { storetest.Each(t, fn) }
