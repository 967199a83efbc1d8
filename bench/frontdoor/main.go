// Command frontdoor measures the front door under load on this machine: it
// starts the platform in-process with serve's own wiring (platform.New, the
// outbox worker running) on 127.0.0.1 with a fresh SQLite store
// (synchronous=FULL) or the PostgreSQL database -db names, then runs
// concurrent clients for a fixed time, first fetching pages (start page,
// search, a question page with a draft) and then completing "Report a
// pothole" end to end (five question pages, "Check your answers",
// submission). It prints pages per second, submissions per second and
// latency percentiles, then counts the cases stored and fails unless every
// acknowledged submission is there. Traffic goes only to the loopback address.
//
//	go run ./bench/frontdoor -c 64 -d 10s
//	go run ./bench/frontdoor -c 64 -d 10s -db postgres://…/empty_db
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// submitOnly skips the browsing phase; databaseURL selects PostgreSQL.
var (
	submitOnly  bool
	databaseURL string
)

func main() {
	conc := flag.Int("c", 16, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration of each phase")
	sync := flag.String("sqlite-sync", "full", "SQLite synchronous mode: full or normal")
	flag.StringVar(&databaseURL, "db", "", "PostgreSQL URL to run against (a fresh, empty database); SQLite in a temporary folder when empty")
	flag.BoolVar(&submitOnly, "submit-only", false, "skip the page-browsing phase (for profiling submissions)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "frontdoor:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*conc, *dur, *sync); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "frontdoor:", err)
		os.Exit(1)
	}
}

func run(conc int, dur time.Duration, syncMode string) error {
	base, stop, err := start(syncMode)
	if err != nil {
		return err
	}
	if databaseURL != "" {
		fmt.Printf("front door load: %d clients, %s per phase, PostgreSQL\n", conc, dur)
	} else {
		fmt.Printf("front door load: %d clients, %s per phase, SQLite synchronous=%s\n", conc, dur, syncMode)
	}
	if !submitOnly {
		pages := phase(conc, dur, func(c *client) (int, error) { return c.browse(base) })
		report("pages", pages, dur)
	}
	subs := phase(conc, dur, func(c *client) (int, error) { return c.submit(base) })
	report("submissions", subs, dur)
	stored := stop()
	fmt.Printf("acknowledged %d submissions; %d cases stored\n", subs.n, stored)
	if stored != subs.n {
		return fmt.Errorf("%d acknowledged submissions but %d cases stored", subs.n, stored)
	}
	return nil
}

// start runs the platform with serve's own wiring (platform.New, the
// outbox worker running) on a fresh data folder, with the rate limits of
// forms and tracking lifted so the clients are not refused as a flood.
func start(syncMode string) (string, func() int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	dir, err := os.MkdirTemp("", "guildhall-bench-")
	if err != nil {
		cancel()
		return "", nil, err
	}
	unlimited := web.NewLimiter(1e9, 1e9, 0)
	p, err := platform.New(ctx, platform.Config{DataDir: dir, DatabaseURL: databaseURL, BaseURL: "http://127.0.0.1", CouncilName: "Bench Council",
		SQLiteSync: syncMode, MaxInFlight: 4096, APIRate: 1e6, OutboxLease: 5 * time.Minute, SecretTTL: 72 * time.Hour,
		BodyGrace: 10 * time.Second, BodyMinRate: 1024, ProxyHeader: "X-Forwarded-For", OIDCRequireMFA: true,
		PeopleLinkEvery: 30 * time.Second, AuditCheckpointEvery: 5 * time.Minute,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Limits: platform.Limits{Form: unlimited, Track: unlimited}})
	if err != nil {
		cancel()
		return "", nil, err
	}
	go func() { _ = p.Worker.Run(ctx) }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		return "", nil, err
	}
	hs := p.Web.HTTPServer()
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() int {
		hs.Close()
		cancel()
		n, err := p.Store.CountCases(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, "frontdoor: counting cases:", err)
		}
		p.Close()
		os.RemoveAll(dir)
		return n
	}, nil
}

// result is what one phase measured: completed units and their latencies.
type result struct {
	n         int
	requests  int
	errors    int
	latencies []time.Duration
}

// phase runs conc clients doing unit until dur has passed.
func phase(conc int, dur time.Duration, unit func(*client) (int, error)) result {
	var mu sync.Mutex
	var total result
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient()
			var r result
			for time.Now().Before(deadline) {
				t0 := time.Now()
				reqs, err := unit(c)
				r.requests += reqs
				if err != nil {
					r.errors++
					c = newClient()
					continue
				}
				r.n++
				r.latencies = append(r.latencies, time.Since(t0))
			}
			mu.Lock()
			total.n += r.n
			total.requests += r.requests
			total.errors += r.errors
			total.latencies = append(total.latencies, r.latencies...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

func report(what string, r result, dur time.Duration) {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[int(float64(len(r.latencies)-1)*p)].Round(10 * time.Microsecond)
	}
	fmt.Printf("%-12s %8.0f/s  (%d in %s, %d HTTP requests = %.0f req/s, %d errors)  p50 %s  p99 %s\n",
		what, float64(r.n)/dur.Seconds(), r.n, dur, r.requests, float64(r.requests)/dur.Seconds(), r.errors, pct(0.5), pct(0.99))
}

// client is one browser: cookies, the form token, no redirect following.
type client struct {
	http  *http.Client
	token string
}

func newClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) get(u string, want int) error {
	res, err := c.http.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if m := tokenRE.FindSubmatch(b); m != nil {
		c.token = string(m[1])
	}
	if err == nil && res.StatusCode != want {
		err = fmt.Errorf("GET %s: %d", u, res.StatusCode)
	}
	return err
}

func (c *client) post(u string, form url.Values) error {
	form.Set("csrf_token", c.token)
	res, err := c.http.PostForm(u, form)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: %d", u, res.StatusCode)
	}
	return nil
}

// browse fetches three pages a resident reads: a unit is one page.
func (c *client) browse(base string) (int, error) {
	paths := []string{"/", "/search?q=pot+hole", "/services/report-a-pothole/questions/where"}
	return 1, c.get(base+paths[time.Now().Nanosecond()%len(paths)], http.StatusOK)
}

// submit completes "Report a pothole": a unit is one case.
func (c *client) submit(base string) (int, error) {
	q := base + "/services/report-a-pothole/questions/"
	steps := []struct {
		page string
		form url.Values
	}{
		{"where", url.Values{"location-description": {"Outside 12 Station Road"}}},
		{"surface", url.Values{"surface": {"road"}, "size": {"small"}}},
		{"danger", url.Values{"dangerous": {"no"}}},
		{"photo", url.Values{}},
		{"you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}, "phone": {"07700 900123"}}},
	}
	n := 0
	if err := c.get(q+"where", http.StatusOK); err != nil {
		return 1, err
	}
	n++
	for _, s := range steps {
		n++
		if err := c.post(q+s.page, s.form); err != nil {
			return n, err
		}
	}
	n++
	return n, c.post(base+"/services/report-a-pothole/check-answers", url.Values{})
}
