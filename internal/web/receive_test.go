package web_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// slowBody opens a connection and sends a POST's headers and the first part
// of its body, then nothing more: a slow (or stalled) client.
func slowBody(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":", path, addr)
	return c
}

// TestSlowBodyHoldsNoSlot (penetration test: 600 slow bodies took all 512 slots):
// a request whose body is still arriving holds no in-flight slot, so with
// one slot and a stalled body, another request is served and /readyz is
// green; a request really being handled does fill the slot, and then
// /readyz says the server is saturated while /healthz stays alive.
func TestSlowBodyHoldsNoSlot(t *testing.T) {
	t.Parallel()
	srv := web.NewServer(web.Config{MaxInFlight: 1}, slog.New(slog.DiscardHandler))
	entered, release := make(chan struct{}), make(chan struct{})
	srv.Handle(srv.API(), "POST /api/echo", func(w http.ResponseWriter, r *http.Request) error {
		_, err := io.Copy(w, r.Body)
		return err
	})
	srv.Handle(srv.Browser(), "GET /hello", func(w http.ResponseWriter, r *http.Request) error { return nil })
	srv.Handle(srv.Browser(), "GET /busy", func(w http.ResponseWriter, r *http.Request) error {
		close(entered)
		<-release
		return nil
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close) // after the slow connections are closed (cleanups run last first)
	addr := strings.TrimPrefix(ts.URL, "http://")
	for range 3 {
		slowBody(t, addr, "/api/echo")
	}
	if res, body := get(t, ts.Client(), ts.URL+"/hello"); res.StatusCode != 200 {
		t.Fatalf("with stalled bodies, another request: %d %.200s, want 200", res.StatusCode, body)
	}
	if res, body := get(t, ts.Client(), ts.URL+"/readyz"); res.StatusCode != 200 {
		t.Errorf("with stalled bodies /readyz: %d %s, want 200", res.StatusCode, body)
	}
	go func() {
		if res, err := ts.Client().Get(ts.URL + "/busy"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	if res, body := get(t, ts.Client(), ts.URL+"/readyz"); res.StatusCode != 503 || !strings.Contains(body, "saturated") {
		t.Errorf("with every slot in use /readyz: %d %q, want 503 saturated", res.StatusCode, body)
	}
	if res, _ := get(t, ts.Client(), ts.URL+"/healthz"); res.StatusCode != 200 {
		t.Errorf("/healthz while saturated: %d, want 200", res.StatusCode)
	}
	close(release)
}

// TestStalledBodyIsCut: a body that stops arriving is answered 408 and its
// connection closed once it falls behind the minimum rate after the grace
// period (both tiny here); the test waits for the answer, it does not time it.
func TestStalledBodyIsCut(t *testing.T) {
	t.Parallel()
	srv := web.NewServer(web.Config{BodyGrace: 50 * time.Millisecond, BodyMinRate: 1 << 20}, slog.New(slog.DiscardHandler))
	reached := false
	srv.Handle(srv.API(), "POST /api/echo", func(w http.ResponseWriter, r *http.Request) error {
		reached = true
		return nil
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := slowBody(t, strings.TrimPrefix(ts.URL, "http://"), "/api/echo")
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second)) // only so a failure cannot hang the suite
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestTimeout || !res.Close || !strings.Contains(string(b), "too slowly") {
		t.Errorf("stalled body: %d close=%v %s, want 408, connection closed", res.StatusCode, res.Close, b)
	}
	if reached {
		t.Error("the handler ran with half a body")
	}
}

// TestReceivedBodiesArriveWhole: bodies are received before the handler
// runs, in memory when small and in a temporary file when large, and reach
// the handler byte for byte; over the limit is still 413.
func TestReceivedBodiesArriveWhole(t *testing.T) {
	t.Parallel()
	srv := web.NewServer(web.Config{MaxBodyBytes: 4 << 20}, slog.New(slog.DiscardHandler))
	srv.Handle(srv.API(), "POST /api/sum", func(w http.ResponseWriter, r *http.Request) error {
		h := sha256.New()
		n, err := io.Copy(h, r.Body)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
		return err
	})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, size := range []int{1, 70 << 10, 3 << 20} {
		body := strings.Repeat("x", size-1) + "}"
		sum := sha256.Sum256([]byte(body))
		for _, chunked := range []bool{false, true} {
			var r io.Reader = strings.NewReader(body)
			if chunked {
				r = io.MultiReader(r) // hides the length: sent chunked
			}
			res, err := ts.Client().Post(ts.URL+"/api/sum", "application/json", r)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if want := fmt.Sprintf("%d %s", size, hex.EncodeToString(sum[:])); string(got) != want {
				t.Errorf("%d bytes (chunked %v): handler saw %q, want %q", size, chunked, got, want)
			}
		}
	}
	res, err := ts.Client().Post(ts.URL+"/api/sum", "application/json", io.MultiReader(strings.NewReader(strings.Repeat("x", 5<<20))))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over the limit: %d, want 413", res.StatusCode)
	}
}
