package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestClientAddr(t *testing.T) {
	t.Parallel()
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7, 2001:db8:1::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, peer, header string
		values             []string
		trusted            []netip.Prefix
		want               string
	}{
		{"no proxies trusted: header ignored", "203.0.113.9:5000", HeaderXForwardedFor, []string{"198.51.100.1"}, nil, "203.0.113.9"},
		{"untrusted peer: forged header ignored", "203.0.113.9:5000", HeaderXForwardedFor, []string{"198.51.100.1"}, trusted, "203.0.113.9"},
		{"trusted peer: its client", "10.1.1.1:5000", HeaderXForwardedFor, []string{"198.51.100.1"}, trusted, "198.51.100.1"},
		{"forged left part never believed", "10.1.1.1:5000", HeaderXForwardedFor, []string{"6.6.6.6, 198.51.100.1"}, trusted, "198.51.100.1"},
		{"chain of trusted proxies", "10.1.1.1:5000", HeaderXForwardedFor, []string{"6.6.6.6, 198.51.100.1, 192.0.2.7, 10.2.2.2"}, trusted, "198.51.100.1"},
		{"several header lines", "10.1.1.1:5000", HeaderXForwardedFor, []string{"6.6.6.6", "198.51.100.1, 10.3.3.3"}, trusted, "198.51.100.1"},
		{"all trusted: the leftmost", "10.1.1.1:5000", HeaderXForwardedFor, []string{"10.9.9.9, 10.8.8.8"}, trusted, "10.9.9.9"},
		{"no header from a trusted peer", "10.1.1.1:5000", HeaderXForwardedFor, nil, trusted, "10.1.1.1"},
		{"garbage stops at the proxy", "10.1.1.1:5000", HeaderXForwardedFor, []string{"198.51.100.1, not-an-ip"}, trusted, "10.1.1.1"},
		{"port and brackets", "10.1.1.1:5000", HeaderXForwardedFor, []string{"[2001:db8:2::5]:443"}, trusted, "2001:db8:2::5"},
		{"IPv4-mapped peer", "[::ffff:10.1.1.1]:5000", HeaderXForwardedFor, []string{"198.51.100.1"}, trusted, "198.51.100.1"},
		{"IPv6 proxy", "[2001:db8:1::1]:5000", HeaderXForwardedFor, []string{"198.51.100.1"}, trusted, "198.51.100.1"},
		{"Forwarded", "10.1.1.1:5000", HeaderForwarded, []string{`for=6.6.6.6, for=198.51.100.1;proto=https;by=10.1.1.1`}, trusted, "198.51.100.1"},
		{"Forwarded IPv6 quoted with port", "10.1.1.1:5000", HeaderForwarded, []string{`For="[2001:db8:cafe::17]:4711"`}, trusted, "2001:db8:cafe::17"},
		{"Forwarded obfuscated", "10.1.1.1:5000", HeaderForwarded, []string{`for=_hidden`}, trusted, "10.1.1.1"},
		{"the other header is not read", "10.1.1.1:5000", HeaderForwarded, nil, trusted, "10.1.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.values {
				r.Header.Add(tt.header, v)
			}
			r.Header.Set("X-Forwarded-For-Other", "1.1.1.1")
			if tt.header == HeaderForwarded {
				r.Header.Set(HeaderXForwardedFor, "6.6.6.6") // a client's forgery passed on
			}
			if got := clientAddr(r, tt.trusted, tt.header); got != tt.want {
				t.Errorf("clientAddr = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	t.Parallel()
	got, err := ParseTrustedProxies(" 10.0.0.0/8,192.0.2.7 , ::1,,10.1.2.3/8")
	if err != nil || len(got) != 4 || got[1].String() != "192.0.2.7/32" || got[2].String() != "::1/128" || got[3].String() != "10.0.0.0/8" {
		t.Fatalf("ParseTrustedProxies = %v, %v", got, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.0/8;", "fe80::1%eth0"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "CIDR") {
			t.Errorf("ParseTrustedProxies(%q) = %v, want an error naming CIDR", bad, err)
		}
	}
}

// TestRateLimitPerClientBehindProxy: behind a trusted proxy each client has
// its own limit; with the proxy untrusted, the header is ignored and a
// client cannot escape its limit by sending a new X-Forwarded-For each time.
func TestRateLimitPerClientBehindProxy(t *testing.T) {
	t.Parallel()
	loopback, _ := ParseTrustedProxies("127.0.0.1, ::1")
	for _, tt := range []struct {
		name    string
		trusted []netip.Prefix
		want    []int // A, A again, B
	}{
		{"proxy trusted", loopback, []int{200, 429, 200}},
		{"proxy not trusted", nil, []int{200, 429, 429}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(Config{TrustedProxies: tt.trusted}, slog.New(slog.DiscardHandler))
			srv.Use(RateLimit(NewLimiter(0.0001, 1, 0), ClientIP, false))
			srv.Handle(srv.Browser(), "GET /hello", func(w http.ResponseWriter, r *http.Request) error {
				_, err := io.WriteString(w, ClientIP(r))
				return err
			})
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			var got []int
			for _, xff := range []string{"198.51.100.1", "198.51.100.1", "198.51.100.2"} {
				req, _ := http.NewRequest("GET", ts.URL+"/hello", nil)
				req.Header.Set("X-Forwarded-For", xff)
				res, err := ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				got = append(got, res.StatusCode)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statuses %v, want %v", got, tt.want)
			}
		})
	}
}
