package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web"
)

// TestLoadShedding: above MaxInFlight requests in progress, new ones get the
// 503 page with Retry-After, while /healthz still answers.
func TestLoadShedding(t *testing.T) {
	t.Parallel()
	srv := web.NewServer(web.Config{MaxInFlight: 1}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	entered, release := make(chan struct{}), make(chan struct{})
	srv.Handle(srv.Browser(), "GET /slow", func(w http.ResponseWriter, r *http.Request) error {
		close(entered)
		<-release
		return nil
	})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := ts.Client().Get(ts.URL + "/slow"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	res, body := get(t, ts.Client(), ts.URL+"/slow")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Sorry, the service is unavailable") {
		t.Errorf("second request: %d Retry-After=%q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if res, _ := get(t, ts.Client(), ts.URL+"/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz under load: %d", res.StatusCode)
	}
	close(release)
	<-done
}
