package scan_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/scan"
	"github.com/guildhall-platform/guildhall/internal/scan/scantest"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, network, addr string }{
		{"tcp://127.0.0.1:3310", "tcp", "127.0.0.1:3310"},
		{"unix:/run/clamav/clamd.ctl", "unix", "/run/clamav/clamd.ctl"},
		{"unix:///run/clamav/clamd.ctl", "unix", "/run/clamav/clamd.ctl"},
	} {
		c, err := scan.Parse(tc.in)
		if err != nil || c.Network != tc.network || c.Address != tc.addr {
			t.Errorf("Parse(%q) = %+v, %v; want %s %s", tc.in, c, err, tc.network, tc.addr)
		}
	}
	for _, bad := range []string{"", "127.0.0.1:3310", "tcp://host", "http://x:1", "unix:"} {
		if _, err := scan.Parse(bad); !errors.Is(err, fault.Invalid) {
			t.Errorf("Parse(%q) = %v, want fault.Invalid", bad, err)
		}
	}
}

// TestRealClamd scans through a real clamd with a signature database the
// test writes: EICAR is found by name, an ordinary file is clean, and a
// file larger than one chunk streams whole.
func TestRealClamd(t *testing.T) {
	c, err := scan.Parse(scantest.Clamd(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if got, err := c.Scan(ctx, strings.NewReader(scantest.EICAR)); err != nil || got != scantest.Signature {
		t.Fatalf("EICAR: Scan = %q, %v; want %q", got, err, scantest.Signature)
	}
	if got, err := c.Scan(ctx, strings.NewReader("Dear council, the bins were missed.\n")); err != nil || got != "" {
		t.Fatalf("letter: Scan = %q, %v; want clean", got, err)
	}
	big := strings.Repeat("lorem ipsum ", 20000)
	if got, err := c.Scan(ctx, strings.NewReader(big)); err != nil || got != "" {
		t.Fatalf("240 kB text: Scan = %q, %v; want clean", got, err)
	}
}

// TestScannerDown: a configured scanner that is not listening is
// fault.Unavailable, never a clean verdict.
func TestScannerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, _ := scan.Parse("tcp://" + addr)
	got, err := c.Scan(context.Background(), strings.NewReader("hello"))
	if !errors.Is(err, fault.Unavailable) || got != "" {
		t.Fatalf("Scan on a closed port = %q, %v; want fault.Unavailable", got, err)
	}
}
