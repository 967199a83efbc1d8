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

// TestMetricsNotPublic (penetration test: /metrics was public). Without a token
// the site does not serve /metrics at all; with one, it needs the bearer
// token; the separate metrics handler (for --metrics-addr) serves it.
func TestMetricsNotPublic(t *testing.T) {
	t.Parallel()
	metricsGet := func(h http.Handler, auth string) (int, string, http.Header) {
		ts := httptest.NewServer(h)
		defer ts.Close()
		req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	const series = "guildhall_http_requests_total"
	open := web.NewServer(web.Config{}, slog.New(slog.DiscardHandler))
	locked := web.NewServer(web.Config{MetricsToken: "s3cret-metrics-token"}, slog.New(slog.DiscardHandler))
	for _, tt := range []struct {
		name   string
		h      http.Handler
		auth   string
		status int
	}{
		{"no token configured: not served", open.Handler(), "", 404},
		{"no token configured, any bearer: not served", open.Handler(), "Bearer anything", 404},
		{"token configured, none sent", locked.Handler(), "", 401},
		{"token configured, wrong one", locked.Handler(), "Bearer s3cret-metrics-tokeN", 401},
		{"token configured, prefix of it", locked.Handler(), "Bearer s3cret", 401},
		{"token configured, basic auth", locked.Handler(), "Basic czNjcmV0LW1ldHJpY3MtdG9rZW4=", 401},
		{"token configured, right one", locked.Handler(), "Bearer s3cret-metrics-token", 200},
		{"separate listener, no token configured", open.MetricsHandler(), "", 200},
		{"separate listener, token configured, none sent", locked.MetricsHandler(), "", 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := metricsGet(tt.h, tt.auth)
			if status != tt.status || (status == 200) != strings.Contains(body, series) {
				t.Errorf("%d, want %d (with metrics only on 200):\n%.300s", status, tt.status, body)
			}
			if status == 401 && !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a Bearer challenge: %q", hdr.Get("WWW-Authenticate"))
			}
		})
	}
}
