// Package scan checks uploaded files for malware with ClamAV's daemon
// (clamd), speaking its INSTREAM protocol over TCP or a unix socket with the
// standard library. A scanner that is configured but cannot be reached is an
// error (fault.Unavailable), never a clean result: uploads are refused while
// it is down rather than let through unscanned.
package scan

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Clamd scans with a clamd at Network/Address ("tcp", "host:port" or "unix", "/path").
type Clamd struct {
	Network, Address string
	// Timeout bounds one scan, connection included; 60 s when zero.
	Timeout time.Duration
}

// chunk is the size of one INSTREAM chunk; clamd's StreamMaxLength bounds the total.
const chunk = 32 << 10

// Parse reads a clamd address: tcp://host:port or unix:/path (also unix:///path).
// Errors: fault.Invalid.
func Parse(s string) (*Clamd, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fault.Wrap(fault.Invalid, err, fmt.Sprintf("clamd address %q", s))
	}
	switch u.Scheme {
	case "tcp":
		if u.Host == "" || u.Port() == "" {
			return nil, fault.New(fault.Invalid, "clamd address %q: want tcp://host:port", s)
		}
		return &Clamd{Network: "tcp", Address: u.Host}, nil
	case "unix":
		p := u.Path
		if p == "" {
			p = u.Opaque
		}
		if p == "" {
			return nil, fault.New(fault.Invalid, "clamd address %q: want unix:/path/to/clamd.ctl", s)
		}
		return &Clamd{Network: "unix", Address: p}, nil
	}
	return nil, fault.New(fault.Invalid, "clamd address %q: want tcp://host:port or unix:/path", s)
}

// Scan sends r to clamd and returns the name of the signature found, or ""
// for a clean file. A scanner that cannot be reached, times out or answers
// with an error is fault.Unavailable.
func (c *Clamd) Scan(ctx context.Context, r io.Reader) (string, error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, c.Network, c.Address)
	if err != nil {
		return "", unavailable(err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if err := stream(conn, r); err != nil {
		return "", unavailable(err)
	}
	reply, err := io.ReadAll(io.LimitReader(conn, 4096))
	if err != nil {
		return "", unavailable(err)
	}
	return verdict(string(reply))
}

// stream writes the INSTREAM command, the bytes in length-prefixed chunks
// and the zero-length chunk that ends them.
func stream(w io.Writer, r io.Reader) error {
	if _, err := io.WriteString(w, "zINSTREAM\x00"); err != nil {
		return err
	}
	buf := make([]byte, 4+chunk)
	for {
		n, err := io.ReadFull(r, buf[4:])
		if n > 0 {
			binary.BigEndian.PutUint32(buf[:4], uint32(n))
			if _, werr := w.Write(buf[:4+n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the file: %w", err)
		}
	}
	_, err := w.Write([]byte{0, 0, 0, 0})
	return err
}

// verdict reads clamd's reply: "stream: OK", "stream: Name FOUND" or "… ERROR".
func verdict(reply string) (string, error) {
	reply = strings.TrimRight(reply, "\x00\n")
	_, body, _ := strings.Cut(reply, ": ")
	switch {
	case body == "OK":
		return "", nil
	case strings.HasSuffix(body, " FOUND"):
		return strings.TrimSuffix(body, " FOUND"), nil
	}
	return "", unavailable(fmt.Errorf("clamd answered %q", reply))
}

func unavailable(err error) error {
	return fault.Wrap(fault.Unavailable, err, "the virus scanner is not answering")
}

// Ping checks that clamd answers PONG. Errors: fault.Unavailable.
func (c *Clamd) Ping(ctx context.Context) error {
	var d net.Dialer
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, c.Network, c.Address)
	if err != nil {
		return unavailable(err)
	}
	defer conn.Close()
	dl, _ := ctx.Deadline()
	_ = conn.SetDeadline(dl)
	if _, err := io.WriteString(conn, "zPING\x00"); err != nil {
		return unavailable(err)
	}
	reply, err := io.ReadAll(io.LimitReader(conn, 64))
	if err != nil || !bytes.HasPrefix(reply, []byte("PONG")) {
		return unavailable(fmt.Errorf("clamd answered %q (%v)", reply, err))
	}
	return nil
}
