package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestProxyFlagsParsed(t *testing.T) {
	t.Parallel()
	var c config
	fs := newFlagSet("serve", "", io.Discard)
	c.bind(fs, func(k string) string {
		return map[string]string{"GUILDHALL_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::/32", "GUILDHALL_PROXY_HEADER": "forwarded"}[k]
	})
	if err := parseFlags(fs, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Proxies) != 2 || c.Proxies[1].String() != "2001:db8::/32" || c.ProxyHeader != "Forwarded" {
		t.Errorf("parsed %v %q", c.Proxies, c.ProxyHeader)
	}
}

// TestMetricsTokenAndAddr: with --metrics-token the site serves /metrics to
// that bearer token only; --metrics-addr serves it on a second address,
// and the site itself then serves no /metrics without the token.
func TestMetricsTokenAndAddr(t *testing.T) {
	t.Parallel()
	withToken := startServe(t, map[string]string{"GUILDHALL_METRICS_TOKEN": "metrics-token-for-the-test"})
	if code, _ := get(t, withToken.URL+"/metrics"); code != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d, want 401", code)
	}
	req, _ := http.NewRequest("GET", withToken.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer metrics-token-for-the-test")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "guildhall_db_write_open_connections") || !strings.Contains(string(b), "guildhall_outbox_pending") {
		t.Errorf("/metrics with the token: %d\n%.300s", res.StatusCode, b)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	separate := startServe(t, nil, "--metrics-addr", addr)
	if code, _ := get(t, separate.URL+"/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the site with --metrics-addr: %d, want 404", code)
	}
	if code, body := get(t, "http://"+addr+"/metrics"); code != 200 || !strings.Contains(body, "guildhall_outbox_pending") || !strings.Contains(body, "guildhall_statistics_differences -1") {
		t.Errorf("/metrics on --metrics-addr: %d", code)
	}
	if code, _ := get(t, "http://"+addr+"/"); code != http.StatusNotFound {
		t.Errorf("the metrics address serves the site: %d", code)
	}
}
