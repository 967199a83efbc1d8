package security

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestOverloadShedsAndRecovers starts serve with a small --max-in-flight,
// holds many slowloris connections open, and sends a burst far above
// capacity. Throughout, /healthz must answer; refused requests must be 503
// or 429 with Retry-After; memory must stay bounded; and when the burst
// ends an ordinary request must succeed without a restart.
func TestOverloadShedsAndRecovers(t *testing.T) {
	srv := server.New(t, server.StoreFlags(t.TempDir(), ""), "--max-in-flight", "4", "--api-rate", "100000")
	token := srv.Token(t, "burst", "officer@highways")
	srv.Start(t)
	slow := slowloris(t, srv.Addr, 300)
	before, _ := server.RSS(srv.PID())

	ctx, stop := context.WithTimeout(context.Background(), 4*time.Second)
	defer stop()
	health := watchHealth(ctx, srv.URL)
	var peak atomic.Int64
	go sampleRSS(ctx, srv.PID(), &peak)
	tally := burst(ctx, srv.URL, token, 200)
	<-health.done

	if health.failed.Load() > 0 || health.ok.Load() == 0 {
		t.Errorf("/healthz during the burst: %d answered, %d failed (%s)", health.ok.Load(), health.failed.Load(), health.firstErr())
	}
	if tally.shed.Load() == 0 {
		t.Errorf("no request was shed with 200 clients and --max-in-flight 4: %s", tally)
	}
	if n := tally.noRetryAfter.Load(); n > 0 {
		t.Errorf("%d refusals (503/429) without Retry-After", n)
	}
	if n := tally.other.Load(); n > 0 {
		t.Errorf("%d answers that were neither success nor a shed: %s", n, tally)
	}
	// 300 idle connections and a 200-client burst must not cost more than a
	// few tens of MB: an unbounded queue of requests would.
	if p := peak.Load(); p > before+150<<20 {
		t.Errorf("RSS grew from %d MB to %d MB during the burst", before>>20, p>>20)
	}
	resp, err := authedGet(srv.URL+"/api/v1/cases?limit=5", token)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after the burst an ordinary request: %v %v", err, resp)
	}
	if open := stillOpen(slow); open > 0 {
		t.Logf("%d of %d slowloris connections still open (ReadHeaderTimeout closes them after 5 s)", open, len(slow))
	}
	waitClosed(t, slow)
	t.Logf("burst: %s; /healthz answered %d times; RSS %d MB before, %d MB peak", tally, health.ok.Load(), before>>20, peak.Load()>>20)
}

// slowloris opens n connections that send half a request header and stop.
func slowloris(t *testing.T, addr string, n int) []net.Conn {
	var conns []net.Conn
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("slowloris connection refused after %d: %v", len(conns), err)
		}
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\nX-Slow: ", addr)
		conns = append(conns, c)
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	return conns
}

// waitClosed checks the server hangs up on every slow connection by itself.
func waitClosed(t *testing.T, conns []net.Conn) {
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.ReadAll(c); err != nil {
			t.Errorf("a slowloris connection was not closed by the server: %v", err)
			return
		}
	}
}

func stillOpen(conns []net.Conn) int {
	n := 0
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				n++
			}
		}
	}
	return n
}

type tally struct{ ok, shed, noRetryAfter, other atomic.Int64 }

func (t *tally) String() string {
	return fmt.Sprintf("%d served, %d shed, %d other", t.ok.Load(), t.shed.Load(), t.other.Load())
}

// burst runs c closed-loop clients alternating searches and submissions
// until ctx ends, with no pause between requests.
func burst(ctx context.Context, base, token string, c int) *tally {
	var tl tally
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/cases?q=road&limit=50", nil)
				if (w+i)%3 == 0 {
					req, _ = http.NewRequest(http.MethodGet, base+"/services/report-a-pothole", nil)
				}
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				tl.count(resp)
			}
		}()
	}
	wg.Wait()
	return &tl
}

func (t *tally) count(resp *http.Response) {
	switch resp.StatusCode {
	case http.StatusOK:
		t.ok.Add(1)
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		t.shed.Add(1)
		if resp.Header.Get("Retry-After") == "" {
			t.noRetryAfter.Add(1)
		}
	default:
		t.other.Add(1)
	}
}

type healthWatch struct {
	ok, failed atomic.Int64
	mu         sync.Mutex
	first      error
	done       chan struct{}
}

func (h *healthWatch) firstErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.first
}

// watchHealth asks /healthz every 50 ms on a fresh connection until ctx ends.
func watchHealth(ctx context.Context, base string) *healthWatch {
	h := &healthWatch{done: make(chan struct{})}
	client := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	go func() {
		defer close(h.done)
		for ctx.Err() == nil {
			resp, err := client.Get(base + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("status %d", resp.StatusCode)
				}
			}
			if err != nil {
				h.failed.Add(1)
				h.mu.Lock()
				if h.first == nil {
					h.first = err
				}
				h.mu.Unlock()
			} else {
				h.ok.Add(1)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return h
}

func sampleRSS(ctx context.Context, pid int, peak *atomic.Int64) {
	for ctx.Err() == nil {
		if n, err := server.RSS(pid); err == nil && n > peak.Load() {
			peak.Store(n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func authedGet(url, token string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}
