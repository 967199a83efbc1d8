package frontdoor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkYourRequests measures the "Your requests" page's server time
// (whole handler chain, session look-up, access-checked case query,
// template) with GUILDHALL_BENCH_ACCOUNTS signed-in residents (default
// 1,000), each with two requests, on SQLite. It reports the median and
// 95th percentile of the requests it timed. Run with:
//
//	GUILDHALL_BENCH_ACCOUNTS=50000 go test ./internal/web/frontdoor -run '^$' -bench YourRequests -benchtime 2000x
//
// Seeding uses synchronous=normal only to be quick; reads do not depend on it.
func BenchmarkYourRequests(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_BENCH_ACCOUNTS")); err == nil && v > 0 {
		n = v
	}
	s := storetest.OpenSQLite(b, store.Config{SQLiteSync: "normal"})
	e := newEnv(b, platformtest.OnStore(s), platformtest.At(closedBinDay))
	sessions := seedResidents(b, e, n)
	h := e.Web.Handler()
	var took []time.Duration
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/your-account", nil)
		req.AddCookie(&http.Cookie{Name: "guildhall_resident", Value: sessions[(i*7919)%n]})
		i++
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("your requests: %d", rec.Code)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// seedResidents makes n accounts, each with two requests submitted with
// its address, and returns their session secrets.
func seedResidents(b *testing.B, e *env, n int) []string {
	b.Helper()
	ctx := context.Background()
	r := &auth.Residents{Store: e.Store}
	sessions := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				email := fmt.Sprintf("resident%d@example.org", i)
				for range 2 {
					if _, err := e.Cases.Submit(ctx, access.Anonymous, benchBin(email)); err != nil {
						errs <- err
						return
					}
				}
				var token string
				if err := r.IssueLink(ctx, email, func(tk string, _ time.Time) jobs.Message {
					token = tk
					return jobs.Message{ID: jobs.NewID(), Topic: "bench"}
				}); err != nil {
					errs <- err
					return
				}
				sess, _, err := r.UseLink(ctx, token)
				if err != nil {
					errs <- err
					return
				}
				sessions[i] = sess
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return sessions
}

func benchBin(email string) cases.Submission {
	return cases.Submission{ServiceID: "missed-bin-collection", Answers: service.Answers{
		"address":  {Address: &service.Address{Line1: "1 High Street", Town: "Testtown", Postcode: "TE1 1ST"}},
		"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"},
		"full_name": {Text: "Bench Resident"}, "email": {Text: email}}}
}
