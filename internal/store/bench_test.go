package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkSubmitParallel measures durable submissions per second through
// the group committer: many goroutines each submitting complete records (case,
// event, audit entry, outbox message, search document). Run with
//
//	go test ./internal/store -run '^$' -bench SubmitParallel -benchtime 20000x
//
// and GUILDHALL_TEST_PG_DURABLE=1 so that PostgreSQL fsyncs (the test
// cluster otherwise runs with fsync=off).
func BenchmarkSubmitParallel(b *testing.B) {
	dialects := []struct {
		name string
		open func(testing.TB) *store.Store
	}{
		{"sqlite-full", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{SQLiteSync: "full"}) }},
		{"sqlite-normal", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{SQLiteSync: "normal"}) }},
		{"postgres", func(tb testing.TB) *store.Store { return storetest.OpenPostgres(tb, store.Config{}) }},
	}
	for _, d := range dialects {
		for _, writers := range []int{1, 64, 256} {
			b.Run(fmt.Sprintf("%s/writers=%d", d.name, writers), func(b *testing.B) {
				s := d.open(b)
				benchSubmit(b, s, writers)
			})
		}
	}
}

// benchSubmit runs b.N submissions from the given number of goroutines and
// reports submissions/s and latency percentiles.
func benchSubmit(b *testing.B, s *store.Store, writers int) {
	ctx := context.Background()
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				rec := record(cases.NewRef(), "")
				t0 := time.Now()
				if _, _, err := s.SubmitCase(ctx, rec); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "subs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
