package people_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkLink measures a full background linkage run (read every record,
// score, cluster, survivorship, write persons and assignments) on SQLite.
//
//	go test ./internal/people -run - -bench Link -benchtime 1x
func BenchmarkLink(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			st := storetest.OpenSQLite(b, store.Config{SQLiteSync: "normal"})
			e := newEnv(b, st)
			tax, electoral, _ := register(n)
			ctx := context.Background()
			if err := e.svc.ImportRecords(ctx, "bench", "tax", tax); err != nil {
				b.Fatal(err)
			}
			if err := e.svc.ImportRecords(ctx, "bench", "electoral", electoral); err != nil {
				b.Fatal(err)
			}
			first, err := e.svc.Link(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("first run (matching addresses, inserting persons): %s", first.Duration)
			for b.Loop() {
				st, err := e.svc.Link(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(st.Records), "records")
				b.ReportMetric(float64(st.Candidates), "pairs")
			}
		})
	}
}
