package frontdoor_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// BenchmarkOneLoginSignIn measures a whole GOV.UK One Login sign-in with
// GUILDHALL_BENCH_ACCOUNTS residents (default 1,000, seeded as
// BenchmarkYourRequests seeds them, on SQLite), against the local One
// Login over real HTTP: the start redirect, One Login's authorize, then
// the callback (client assertion signed, code redeemed, ID token checked
// against the published keys, userinfo read, session started), and the
// first "Your requests" page. Each iteration signs in a different
// existing account. It reports the median and 95th percentile of the
// callback alone and of the whole sign-in. Run with:
//
//	GUILDHALL_BENCH_ACCOUNTS=50000 go test ./internal/web/frontdoor -run '^$' -bench OneLoginSignIn -benchtime 2000x -timeout 60m
func BenchmarkOneLoginSignIn(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_BENCH_ACCOUNTS")); err == nil && v > 0 {
		n = v
	}
	s := storetest.OpenSQLite(b, store.Config{SQLiteSync: "normal"})
	e, op := newOneLoginEnv(b, "ES256", platformtest.OnStore(s), platformtest.At(closedBinDay))
	seedResidents(b, e, n)
	var callback, whole []time.Duration
	i := 0
	for b.Loop() {
		op.mu.Lock()
		op.person = opPerson{Sub: fmt.Sprintf("urn:fdc:gov.uk:2022:r%d", i), Email: fmt.Sprintf("resident%d@example.org", (i*7919)%n), Verified: true}
		op.mu.Unlock()
		i++
		c := e.Client(zeroPrincipal)
		start := time.Now()
		res, _ := c.Get("/your-account/sign-in/onelogin")
		back, _ := c.Get(res.Header.Get("Location"))
		u, err := url.Parse(back.Header.Get("Location"))
		if err != nil {
			b.Fatal(err)
		}
		cbStart := time.Now()
		res, _ = c.Get(u.RequestURI())
		callback = append(callback, time.Since(cbStart))
		if res.StatusCode != http.StatusSeeOther {
			b.Fatalf("callback: %d", res.StatusCode)
		}
		if res, _ = c.Get("/your-account"); res.StatusCode != http.StatusOK {
			b.Fatalf("your requests: %d", res.StatusCode)
		}
		whole = append(whole, time.Since(start))
	}
	for _, m := range []struct {
		name string
		d    []time.Duration
	}{{"callback", callback}, {"sign-in", whole}} {
		slices.Sort(m.d)
		b.ReportMetric(float64(m.d[len(m.d)/2].Microseconds())/1000, m.name+"-p50-ms")
		b.ReportMetric(float64(m.d[len(m.d)*95/100].Microseconds())/1000, m.name+"-p95-ms")
	}
}
