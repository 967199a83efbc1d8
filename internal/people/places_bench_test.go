package people_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkPlaces measures snapping a point and searching a street in a
// gazetteer of 100,000 properties: a grid about 10 m apart, 100 to a street.
// Run: go test -p 1 -run '^$' -bench BenchmarkPlaces -benchtime 300x ./internal/people
func BenchmarkPlaces(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	const side = 316
	batch := make([]people.Property, 0, 1000)
	for i := range side * side {
		row, col := i/side, i%side
		batch = append(batch, people.Property{UPRN: fmt.Sprint(100000000 + i), USRN: fmt.Sprint(20000000 + i/100),
			PAO: people.Object{StartNumber: col + 1}, Street: fmt.Sprintf("Street %d Road", i/100), Town: "Benchtown",
			Postcode: fmt.Sprintf("BT%d %dAA", row%90+1, col%9+1), Lat: 52.4 + float64(row)*0.00009, Lon: -1.9 + float64(col)*0.00015,
			Status: people.StatusApproved})
		if len(batch) == cap(batch) {
			if err := st.SaveProperties(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	pl := people.Places{Store: st}
	b.Run("snap", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p := geo.Point{Lat: 52.4 + float64(i%side)*0.00009 + 0.00003, Lng: -1.9 + float64(i*7%side)*0.00015}
			if got, err := pl.Snap(ctx, p); err != nil || got.USRN == "" {
				b.Fatalf("%+v %v", got, err)
			}
		}
	})
	b.Run("street", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if got, err := pl.Search(ctx, fmt.Sprintf("Street %d", 100+i%800)); err != nil || len(got) == 0 {
				b.Fatalf("%v %v", got, err)
			}
		}
	})
}
