package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestBadHTTPFlagsStopStartUp: a mistyped proxy range or header stops serve
// before it listens, with a message naming the flag (and its variable).
func TestBadHTTPFlagsStopStartUp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"range", []string{"--trusted-proxies", "10.0.0.0/33"}, nil, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES): \"10.0.0.0/33\" is not a CIDR range"},
		{"name", []string{"--trusted-proxies", "10.0.0.0/8,lb.internal"}, nil, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES): \"lb.internal\""},
		{"variable", nil, map[string]string{"GUILDHALL_TRUSTED_PROXIES": "192.168.1.0/24 10.0.0.0/8"}, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES)"},
		{"header", []string{"--proxy-header", "X-Real-IP"}, nil, "--proxy-header \"X-Real-IP\""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
			err := run(context.Background(), args, getenv, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve %v: %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

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
	if len(c.trustedProxies) != 2 || c.trustedProxies[1].String() != "2001:db8::/32" || c.ProxyHeader != "Forwarded" {
		t.Errorf("parsed %v %q", c.trustedProxies, c.ProxyHeader)
	}
}
