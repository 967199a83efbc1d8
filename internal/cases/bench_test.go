package cases_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkServiceSubmitParallel measures the whole submission path
// (validation, due date, notification rendering, group-committed write) from
// many goroutines, as concurrent HTTP requests would call it.
func BenchmarkServiceSubmitParallel(b *testing.B) {
	for _, d := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{
		{"sqlite-full", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{}) }},
		{"postgres", func(tb testing.TB) *store.Store { return storetest.OpenPostgres(tb, store.Config{}) }},
	} {
		b.Run(fmt.Sprintf("%s/writers=256", d.name), func(b *testing.B) {
			svc, _ := newService(b, d.open(b))
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range 256 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if _, err := svc.Submit(context.Background(), access.Anonymous, cases.Submission{
							ServiceID: "report-a-pothole", Answers: potholeAnswers()}); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "subs/s")
		})
	}
}
