package platform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/syslog"
	"net/url"
	"os"
	"path/filepath"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// useAuditKey loads the audit key file and keys st's chain with it. It
// creates the file only for a log that no key has chained yet: a keyed log
// whose key file is missing (a restore without it, a second server without
// a copy) refuses to start rather than begin a chain nobody can verify.
func useAuditKey(ctx context.Context, st *store.Store, cfg Config) (*audit.Key, error) {
	path := cfg.AuditKeyPath()
	k, err := audit.LoadKey(path)
	if errors.Is(err, audit.ErrNoKey) {
		from, id, kerr := st.AuditKeying(ctx)
		if kerr != nil {
			return nil, kerr
		}
		if id != "" {
			return nil, fmt.Errorf("the audit log is keyed (key %s, from entry %d) but there is no audit key at %s: "+
				"restore audit.key from its separate backup, or give its place with --audit-key (see docs/operations.md)", id, from, path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, err
		}
		k, err = audit.CreateKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if err := st.SetAuditKey(ctx, k); err != nil {
		return nil, fmt.Errorf("%w (key file %s)", err, path)
	}
	return k, nil
}

// SyslogAddr parses --audit-syslog: "" (off), "local", or udp:// or tcp:// host:port.
func SyslogAddr(s string) (network, addr string, err error) {
	switch s {
	case "", "local":
		return "", "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "udp" && u.Scheme != "tcp") || u.Host == "" {
		return "", "", fmt.Errorf("--audit-syslog %q: use local, udp://host:port or tcp://host:port", s)
	}
	return u.Scheme, u.Host, nil
}

// auditSyslog is the syslog writer for checkpoints, or nil when off.
func auditSyslog(s string) (io.Writer, error) {
	if s == "" {
		return nil, nil
	}
	network, addr, err := SyslogAddr(s)
	if err != nil {
		return nil, err
	}
	w, err := syslog.Dial(network, addr, syslog.LOG_NOTICE|syslog.LOG_AUTH, "guildhall-audit")
	if err != nil {
		return nil, fmt.Errorf("--audit-syslog: %w", err)
	}
	return w, nil
}
