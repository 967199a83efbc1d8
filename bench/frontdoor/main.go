// Command frontdoor measures the front door under load on this machine: it
// starts the real server in-process on 127.0.0.1 with a fresh SQLite store
// (synchronous=FULL), then runs concurrent clients for a fixed time, first
// fetching pages (start page, search, a question page with a draft) and then
// completing "Report a pothole" end to end (five question pages, "Check your
// answers", submission). It prints pages per second, submissions per second
// and latency percentiles. Traffic goes only to the loopback address.
//
//	go run ./bench/frontdoor -c 16 -d 10s
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
	"slices"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/frontdoor"
	"github.com/guildhall-platform/guildhall/internal/workday"
	"github.com/guildhall-platform/guildhall/services"
)

func main() {
	conc := flag.Int("c", 16, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration of each phase")
	sync := flag.String("sqlite-sync", "full", "SQLite synchronous mode: full or normal")
	flag.Parse()
	if err := run(*conc, *dur, *sync); err != nil {
		fmt.Fprintln(os.Stderr, "frontdoor:", err)
		os.Exit(1)
	}
}

func run(conc int, dur time.Duration, syncMode string) error {
	base, stop, err := start(syncMode)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("front door load: %d clients, %s per phase, SQLite synchronous=%s\n", conc, dur, syncMode)
	pages := phase(conc, dur, func(c *client) (int, error) { return c.browse(base) })
	report("pages", pages, dur)
	subs := phase(conc, dur, func(c *client) (int, error) { return c.submit(base) })
	report("submissions", subs, dur)
	return nil
}

// start runs the server as cmd/guildhall serve would, on a temporary store.
func start(syncMode string) (string, func(), error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "guildhall-bench-")
	if err != nil {
		return "", nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(ctx, store.Config{Dir: dir, SQLiteSync: syncMode, Logger: quiet})
	if err != nil {
		return "", nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		return "", nil, err
	}
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		return "", nil, err
	}
	reg := service.NewRegistry(cat)
	cs := &cases.Service{Store: st, Services: reg, Clock: cases.Calendar{Cal: workday.Default()}, Logger: quiet}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1"}, quiet)
	unlimited := web.NewLimiter(1e9, 1e9, 0)
	if err := frontdoor.Register(srv, frontdoor.Deps{Services: reg, Cases: cs, Drafts: st, Logger: quiet,
		FormLimit: unlimited, TrackLimit: unlimited}); err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		hs.Close()
		st.Close()
		os.RemoveAll(dir)
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
