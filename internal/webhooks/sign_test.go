package webhooks

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

func TestSignVerify(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"e1"}`)
	good := Sign("s3cret", at, body)
	tests := []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		ok     bool
	}{
		{"valid", "s3cret", good, `{"id":"e1"}`, at.Add(time.Minute), true},
		{"rotated: second v1 matches", "s3cret", "t=1795424400,v1=00ff," + good[len("t=1795424400,"):], `{"id":"e1"}`, at, true},
		{"wrong secret", "other", good, `{"id":"e1"}`, at, false},
		{"body changed", "s3cret", good, `{"id":"e2"}`, at, false},
		{"too old", "s3cret", good, `{"id":"e1"}`, at.Add(6 * time.Minute), false},
		{"from the future", "s3cret", good, `{"id":"e1"}`, at.Add(-6 * time.Minute), false},
		{"timestamp swapped", "s3cret", "t=1795424401" + good[len("t=1795424400"):], `{"id":"e1"}`, at, false},
		{"malformed", "s3cret", "garbage", `{"id":"e1"}`, at, false},
		{"empty", "s3cret", "", `{"id":"e1"}`, at, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.secret, tt.header, []byte(tt.body), tt.now, DefaultTolerance)
			if (err == nil) != tt.ok {
				t.Fatalf("Verify = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, fault.Unauthenticated) {
				t.Errorf("error %v is not fault.Unauthenticated", err)
			}
		})
	}
}

func TestSignFormat(t *testing.T) {
	t.Parallel()
	// Worked example from docs/api.md: a receiver in any language must get this.
	got := Sign("whsec_test", time.Unix(1795424400, 0), []byte(`{"id":"e1"}`))
	want := "t=1795424400,v1=cbdf2533dca2b811c080ab8c29eb0f6c65ebf49e9974d98a4e45cfbe31946b66" // openssl dgst -sha256 -hmac
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
	if len(got) != len("t=1795424400,v1=")+64 {
		t.Fatalf("signature %q is not 64 hex digits", got)
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://hooks.example.org/guildhall", true},
		{"http://10.0.0.5:8080/in", true}, // private addresses are refused at dial time
		{"ftp://example.org/x", false},
		{"file:///etc/passwd", false},
		{"gopher://example.org", false},
		{"javascript:alert(1)", false},
		{"https://", false},
		{"//example.org/x", false},
		{"https://user:pw@example.org/", false},
		{"not a url", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			err := CheckURL(tt.url)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckURL(%q) = %v, want ok=%v", tt.url, err, tt.ok)
			}
			if err != nil && !errors.Is(err, fault.Invalid) {
				t.Errorf("error is not fault.Invalid: %v", err)
			}
		})
	}
}

func TestPrivate(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"127.0.0.1": true, "::1": true, "10.1.2.3": true, "172.16.0.1": true,
		"192.168.1.1": true, "169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true,
		"fd00::1": true, "fe80::1": true, "::ffff:127.0.0.1": true,
		"81.2.69.160": false, "2a00:1450:4009::1": false,
		// NAT64 and the rest of the IANA special-purpose registries.
		"64:ff9b::a9fe:a9fe": true, "64:ff9b::127.0.0.1": true, "64:ff9b::10.0.0.1": true,
		"64:ff9b::192.168.0.1": true, "64:ff9b::100.64.0.1": true, "64:ff9b::51.2.69.160": false,
		"64:ff9b:1::a9fe:a9fe": true, "64:ff9b:1:abcd::51.2.69.160": true,
		"::127.0.0.1": true, "::10.0.0.1": true, "0.1.2.3": true, "192.0.0.170": true, "192.0.2.1": true,
		"198.18.0.1": true, "198.51.100.7": true, "203.0.113.9": true, "240.0.0.1": true,
		"255.255.255.255": true, "224.0.0.251": true, "100::1": true, "100:0:0:1::1": true,
		"2001::1": true, "2001:2::1": true, "2001:db8::1": true, "2002:a9fe:a9fe::1": true,
		"3fff::1": true, "5f00::1": true, "fec0::1": true, "ff02::1": true, "fe80::1%eth0": true,
		"2a00:1450:4009::5efe:a9fe:a9fe": true, "2a00:1450:4009::200:5efe:7f00:1": true,
		"2a00:1450:4009::200:5efe:51.2.69.160": false, "192.31.196.1": false, "2620:4f:8000::1": false,
	}
	for addr, want := range tests {
		if got := Private(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Private(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestEndpointMatchesAndValidate(t *testing.T) {
	t.Parallel()
	e := Endpoint{URL: "https://x.example/h", Events: []string{"case.submitted"}, Services: []string{"pothole"}, Active: true}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		typ, svc string
		want     bool
	}{
		{"case.submitted", "pothole", true},
		{"case.submitted", "foi", false},
		{"case.transitioned", "pothole", false},
	}
	for _, c := range cases {
		if got := e.Matches(c.typ, c.svc); got != c.want {
			t.Errorf("Matches(%s, %s) = %v", c.typ, c.svc, got)
		}
	}
	// No services selected means no events, never every service;
	// "*" is the explicit choice of every service.
	none := Endpoint{URL: e.URL, Events: e.Events, Active: true}
	if none.Matches("case.submitted", "pothole") || none.Matches("case.submitted", "subject-access-request") {
		t.Error("an endpoint with no services receives events")
	}
	if err := none.Validate(); err == nil || !strings.Contains(err.Error(), "services") {
		t.Errorf("Validate with no services = %v, want a services error", err)
	}
	all := Endpoint{URL: e.URL, Events: e.Events, Services: []string{AllServices}, Active: true}
	if err := all.Validate(); err != nil || !all.Matches("case.submitted", "foi") {
		t.Errorf("an endpoint for every service (%v) does not match foi", err)
	}
	e.Active = false
	if e.Matches("case.submitted", "pothole") {
		t.Error("a paused endpoint matched")
	}
	bad := Endpoint{URL: "ftp://x", Events: []string{"case.exploded"}, Services: []string{"pothole"}}
	var v *ValidationError
	if err := bad.Validate(); !errors.As(err, &v) || len(v.Fields) != 2 || !errors.Is(err, fault.Invalid) {
		t.Fatalf("Validate = %v, want two field errors of kind Invalid", err)
	}
}
