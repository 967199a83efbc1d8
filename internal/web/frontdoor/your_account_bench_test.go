package frontdoor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
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

// BenchmarkResidentAccounts is the load test of resident accounts: it
// seeds GUILDHALL_BENCH_ACCOUNTS residents (default 1,000), each signed in
// once through the emailed link, with two requests submitted with its
// address and one saved form, then in each iteration times, through the
// whole handler chain over real HTTP, with a different account each time:
// asking for a sign-in link, using an emailed link (its page and the
// post), a GOV.UK One Login sign-in against the local One Login (start,
// authorize, callback with a signed client assertion, ID token and
// userinfo checked, session), "Your requests", and a question page
// prefilled from the account. It reports each one's median and 95th
// percentile, and the heap in use after seeding. On SQLite, and on
// PostgreSQL when the test helpers can start one. Run with:
//
//	GUILDHALL_BENCH_ACCOUNTS=50000 GUILDHALL_TEST_POSTGRES=required go test ./internal/web/frontdoor -run '^$' -bench ResidentAccounts -benchtime 1000x -timeout 120m
//
// Seeding uses synchronous=normal on SQLite only to be quick; reads do not
// depend on it.
func BenchmarkResidentAccounts(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_BENCH_ACCOUNTS")); err == nil && v > 0 {
		n = v
	}
	for _, db := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{
		{"sqlite", func(tb testing.TB) *store.Store { return storetest.OpenSQLite(tb, store.Config{SQLiteSync: "normal"}) }},
		{"postgres", func(tb testing.TB) *store.Store { return storetest.OpenPostgres(tb, store.Config{}) }},
	} {
		b.Run(db.name, func(b *testing.B) { benchAccounts(b, db.open(b), n) })
	}
}

func benchAccounts(b *testing.B, s *store.Store, n int) {
	e, op := newOneLoginEnv(b, "ES256", platformtest.OnStore(s), platformtest.At(closedBinDay))
	start := time.Now()
	seedResidents(b, e, n)
	b.Logf("seeded %d accounts in %s", n, time.Since(start).Round(time.Second))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	seededHeap := float64(ms.HeapInuse) / (1 << 20)
	r := &auth.Residents{Store: e.Store, Forms: e.Store, Now: e.Clock.Now}
	took := map[string][]time.Duration{}
	timed := func(name string, f func()) {
		t0 := time.Now()
		f()
		took[name] = append(took[name], time.Since(t0))
	}
	want := func(what string, res *http.Response, code int) {
		if res.StatusCode != code {
			b.Fatalf("%s: %d, want %d", what, res.StatusCode, code)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		email := fmt.Sprintf("resident%d@example.org", (i*7919)%n)
		i++
		c := e.Client(access.Anonymous)
		c.Get("/your-account/sign-in")
		timed("ask-link", func() {
			res, _ := c.PostForm("/your-account/sign-in", url.Values{"email": {email}})
			want("asking for a link", res, http.StatusOK)
		})
		link := "/your-account/sign-in/" + issueLink(b, r, email)
		timed("use-link", func() {
			res, _ := c.Get(link)
			want("link page", res, http.StatusOK)
			res, _ = c.PostForm(link, nil)
			want("using the link", res, http.StatusSeeOther)
		})
		timed("your-requests", func() {
			res, body := c.Get("/your-account")
			want("your requests", res, http.StatusOK)
			if strings.Count(body, "Report a missed bin collection") != 2 || !strings.Contains(body, "Make a complaint") {
				b.Fatalf("your requests of %s does not list its two requests and its saved form:\n%s", email, body)
			}
		})
		timed("prefill", func() {
			res, body := c.Get("/services/missed-bin-collection/questions/you")
			want("prefilled page", res, http.StatusOK)
			if !strings.Contains(body, `value="Bench Resident"`) {
				b.Fatalf("page not prefilled for %s", email)
			}
		})
		op.mu.Lock()
		op.person = opPerson{Sub: fmt.Sprintf("urn:fdc:gov.uk:2022:r%d", i), Email: email, Verified: true}
		op.mu.Unlock()
		ol := e.Client(access.Anonymous)
		timed("onelogin", func() {
			res, _ := ol.Get("/your-account/sign-in/onelogin")
			back, _ := ol.Get(res.Header.Get("Location"))
			u, err := url.Parse(back.Header.Get("Location"))
			if err != nil {
				b.Fatal(err)
			}
			res, _ = ol.Get(u.RequestURI())
			want("One Login callback", res, http.StatusSeeOther)
		})
	}
	b.ReportMetric(seededHeap, "heap-after-seed-MB")
	b.ReportMetric(peakRSS(b), "peak-rss-MB")
	for _, name := range []string{"ask-link", "use-link", "onelogin", "your-requests", "prefill"} {
		d := took[name]
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, name+"-p95-ms")
	}
}

// peakRSS is the most memory the test process has held (VmHWM), in MB.
func peakRSS(tb testing.TB) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			v, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
			if err != nil {
				tb.Fatal(err)
			}
			return float64(v) / 1024
		}
	}
	tb.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// issueLink is a new sign-in link's token for email, as the email would
// carry it.
func issueLink(tb testing.TB, r *auth.Residents, email string) string {
	tb.Helper()
	token, err := newLink(context.Background(), r, email)
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

func newLink(ctx context.Context, r *auth.Residents, email string) (string, error) {
	var token string
	err := r.IssueLink(ctx, email, func(tk string, _ time.Time) jobs.Message {
		token = tk
		return jobs.Message{ID: jobs.NewID(), Topic: "bench", Payload: []byte("{}")}
	})
	return token, err
}

// seedResidents makes n accounts, each signed in once, with two requests
// submitted with its address (the first giving the name its account keeps)
// and one saved form, and returns their session secrets. Thirty-two
// writers at once let the store group their commits, as serve's many
// requests do.
func seedResidents(b *testing.B, e *env, n int) []string {
	b.Helper()
	ctx := context.Background()
	r := &auth.Residents{Store: e.Store, Forms: e.Store, Now: e.Clock.Now}
	sessions := make([]string, n)
	const writers = 32
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += writers {
				if err := seedResident(ctx, e, r, i, sessions); err != nil {
					errs <- err
					return
				}
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

func seedResident(ctx context.Context, e *env, r *auth.Residents, i int, sessions []string) error {
	email := fmt.Sprintf("resident%d@example.org", i)
	for range 2 {
		if _, err := e.Cases.Submit(ctx, access.Anonymous, benchBin(email)); err != nil {
			return err
		}
	}
	token, err := newLink(ctx, r, email)
	if err != nil {
		return err
	}
	sess, a, err := r.UseLink(ctx, token)
	if err != nil {
		return err
	}
	sessions[i] = sess
	if err := r.Remember(ctx, a, auth.ResidentDetails{Name: "Bench Resident"}); err != nil {
		return err
	}
	draft := fmt.Sprintf("d-bench%d", i)
	if err := e.Store.SaveDraft(ctx, draft, "bench-"+sess, "complaint", service.Answers{"service_area": {Text: "housing"}}); err != nil {
		return err
	}
	return r.KeepForm(ctx, a, draft)
}

func benchBin(email string) cases.Submission {
	return cases.Submission{ServiceID: "missed-bin-collection", Answers: service.Answers{
		"address":  {Address: &service.Address{Line1: "1 High Street", Town: "Testtown", Postcode: "TE1 1ST"}},
		"bin_type": {Text: "general"}, "collection_date": {Text: "2026-12-01"}, "put_out": {Text: "yes"}, "contact_by": {Text: "email"},
		"full_name": {Text: "Bench Resident"}, "email": {Text: email}}}
}
