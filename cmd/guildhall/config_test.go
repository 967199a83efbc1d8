package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform"
)

// TestBadSettingsStopServe: every kind of bad value, given as a variable or
// a flag, stops serve before it opens anything, with a message that names
// the variable (or flag) and what it wants. None of them used to: a bad
// duration or number was silently replaced by the default.
func TestBadSettingsStopServe(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"duration", map[string]string{"GUILDHALL_SHUTDOWN_GRACE": "20 seconds"}, nil,
			`GUILDHALL_SHUTDOWN_GRACE="20 seconds" (--shutdown-grace): not a duration: write a number and a unit, such as 30s, 5m or 2h`},
		{"number", map[string]string{"GUILDHALL_MAX_IN_FLIGHT": "lots"}, nil, `GUILDHALL_MAX_IN_FLIGHT="lots" (--max-in-flight): not a whole number`},
		{"rate", map[string]string{"GUILDHALL_API_RATE": "10/s"}, nil, `GUILDHALL_API_RATE="10/s" (--api-rate): not a number`},
		{"switch", map[string]string{"GUILDHALL_OIDC_REQUIRE_MFA": "maybe"}, nil, `GUILDHALL_OIDC_REQUIRE_MFA="maybe" (--oidc-require-mfa): not a switch`},
		{"enum variable", map[string]string{"GUILDHALL_SQLITE_SYNC": "off"}, nil, `--sqlite-sync "off" (GUILDHALL_SQLITE_SYNC): use full or normal`},
		{"enum flag", nil, []string{"--log-level", "verbose"}, `--log-level "verbose" (GUILDHALL_LOG_LEVEL): use debug, info, warn or error`},
		{"url", map[string]string{"GUILDHALL_NOTIFY_BASE_URL": "api.notifications.service.gov.uk"}, nil, `--notify-base-url "api.notifications.service.gov.uk" (GUILDHALL_NOTIFY_BASE_URL): give an absolute http(s) URL`},
		{"database url", map[string]string{"GUILDHALL_DATABASE_URL": "mysql://db/guildhall"}, nil, `--database (GUILDHALL_DATABASE_URL) must be a postgres:// URL`},
		{"address", map[string]string{"GUILDHALL_METRICS_ADDR": "9090"}, nil, `--metrics-addr "9090" (GUILDHALL_METRICS_ADDR): give host:port`},
		{"two at once", map[string]string{"GUILDHALL_OUTBOX_LEASE": "5", "GUILDHALL_PEOPLE_LINK_EVERY": "1d"}, nil,
			`GUILDHALL_OUTBOX_LEASE="5" (--outbox-lease): not a duration`},
		// A mistyped proxy range or header.
		{"proxy range", nil, []string{"--trusted-proxies", "10.0.0.0/33"}, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES): \"10.0.0.0/33\" is not a CIDR range"},
		{"proxy name", nil, []string{"--trusted-proxies", "10.0.0.0/8,lb.internal"}, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES): \"lb.internal\""},
		{"proxy variable", map[string]string{"GUILDHALL_TRUSTED_PROXIES": "192.168.1.0/24 10.0.0.0/8"}, nil, "--trusted-proxies (GUILDHALL_TRUSTED_PROXIES)"},
		{"proxy header", nil, []string{"--proxy-header", "X-Real-IP"}, "--proxy-header \"X-Real-IP\""},
		{"performance figure", map[string]string{"GUILDHALL_PERFORMANCE_FIGURES": "received,speed"}, nil,
			`--performance-figures (GUILDHALL_PERFORMANCE_FIGURES): unknown figure "speed": the figures are received, closed, days-to-close, in-time, satisfied`},
		{"wards file missing", map[string]string{"GUILDHALL_WARDS": "no-such-wards.geojson"}, nil,
			`--wards (GUILDHALL_WARDS): open no-such-wards.geojson: no such file or directory`},
		// The council's boundary given as its wards: features without a code.
		{"wards without codes", nil, []string{"--wards", "../../internal/web/frontdoor/testdata/boundary.geojson"},
			`--wards ../../internal/web/frontdoor/testdata/boundary.geojson (GUILDHALL_WARDS): wards: feature 1: Guildhall Borough Council: no "code" property`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, tt.args...)
			err := run(context.Background(), args, func(k string) string { return tt.env[k] }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("serve: %v\nwant an error containing %q", err, tt.want)
			}
			if tt.name == "two at once" && !strings.Contains(err.Error(), "GUILDHALL_PEOPLE_LINK_EVERY") {
				t.Errorf("only the first bad variable was reported: %v", err)
			}
			if entries, _ := os.ReadDir(data); len(entries) != 0 {
				t.Errorf("serve wrote %d files before refusing its configuration", len(entries))
			}
		})
	}
}

// TestFlagWinsOverVariable: a flag on the command line wins, and its
// variable is then not even parsed (a bad one is harmless once overridden).
func TestFlagWinsOverVariable(t *testing.T) {
	t.Parallel()
	var c config
	fs := newFlagSet("serve", "", io.Discard)
	c.bind(fs, func(k string) string {
		return map[string]string{"GUILDHALL_SHUTDOWN_GRACE": "bad", "GUILDHALL_API_RATE": "2.5", "GUILDHALL_OIDC_REQUIRE_MFA": "off"}[k]
	})
	if err := parseFlags(fs, []string{"--shutdown-grace", "3s"}); err != nil {
		t.Fatal(err)
	}
	if c.ShutdownGrace.String() != "3s" || c.APIRate != 2.5 || c.OIDCRequireMFA {
		t.Errorf("grace %v, rate %v, mfa %v; want 3s (flag), 2.5 and false (variables)", c.ShutdownGrace, c.APIRate, c.OIDCRequireMFA)
	}
}

// TestServeRunsThePlatformDefaults: serve with no flag and no variable is
// configured exactly as platform.Defaults says, the one place a default is
// decided (platformtest starts from it too), so a flag default written
// here instead would fail this test.
func TestServeRunsThePlatformDefaults(t *testing.T) {
	t.Parallel()
	var c config
	c.bind(newFlagSet("serve", "", io.Discard), func(string) string { return "" })
	if want := platform.Defaults(); !reflect.DeepEqual(c.Config, want) {
		t.Errorf("serve's defaults:\n%+v\nplatform.Defaults():\n%+v", c.Config, want)
	}
}

func TestUnknownVariableSuggestsTheNearest(t *testing.T) {
	t.Parallel()
	known := knownEnv(newFlagSet("serve", "", io.Discard))
	for name, want := range map[string]string{
		"GUILDHALL_DATABSE_URL":   "did you mean GUILDHALL_DATABASE_URL?",
		"GUILDHALL_NOTIFY_APIKEY": "did you mean GUILDHALL_NOTIFY_API_KEY?",
		"GUILDHALL_SECRET_KEY":    "did you mean GUILDHALL_SECRET_KEY_FILE?",
		"GUILDHALL_FAVOURITE_TEA": "GUILDHALL_FAVOURITE_TEA is not a Guildhall setting (guildhall serve --help lists them)",
	} {
		if got := unknownEnv(name, known).Error(); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to contain %q", name, got, want)
		}
	}
}

// TestUnknownVariableStopsServe runs the check on the process's own
// environment, as serve does. Not parallel: it replaces environ.
func TestUnknownVariableStopsServe(t *testing.T) {
	env := map[string]string{"GUILDHALL_DATABSE_URL": "postgres://db/guildhall", "GUILDHALL_TEST_ANYTHING": "1", "GUILDHALL_CHROMIUM": "/usr/bin/chromium"}
	environ = func() []string {
		var kv []string
		for k, v := range env {
			kv = append(kv, k+"="+v)
		}
		return kv
	}
	defer func() { environ = os.Environ }()
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	if err == nil || err.Error() != "GUILDHALL_DATABSE_URL is not a Guildhall setting: did you mean GUILDHALL_DATABASE_URL?" {
		t.Fatalf("serve: %v", err)
	}
}

// TestConfigCheckHidesSecrets: config check prints each setting, where it
// came from, and never a secret.
func TestConfigCheckHidesSecrets(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"GUILDHALL_DATABASE_URL":       "postgres://guildhall:pg-pass-123@db.internal/guildhall",
		"GUILDHALL_SMTP_PASSWORD":      "smtp-pass-456",
		"GUILDHALL_OIDC_CLIENT_SECRET": "oidc-secret-789",
		"GUILDHALL_NOTIFY_API_KEY":     "notify-key-000",
		"GUILDHALL_SECRET_KEY_FILE":    "/etc/guildhall/secret.key",
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"config", "check", "--addr", "0.0.0.0:8080", "--data", filepath.Join(t.TempDir(), "d")}, func(k string) string { return env[k] }, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, secret := range []string{"pg-pass-123", "smtp-pass-456", "oidc-secret-789", "notify-key-000"} {
		if strings.Contains(got, secret) {
			t.Errorf("config check printed the secret %q:\n%s", secret, got)
		}
	}
	for _, want := range []string{
		"GUILDHALL_DATABASE_URL", "postgres://guildhall:hidden@db.internal/guildhall",
		"GUILDHALL_SMTP_PASSWORD           (set, hidden)", "GUILDHALL_ADDR                    0.0.0.0:8080", "--addr",
		"GUILDHALL_SECRET_KEY_FILE         /etc/guildhall/secret.key", "The configuration is valid.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("config check output lacks %q:\n%s", want, got)
		}
	}
	err = run(context.Background(), []string{"config", "check"}, func(k string) string { return map[string]string{"GUILDHALL_LOG_LEVEL": "chatty"}[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GUILDHALL_LOG_LEVEL") {
		t.Errorf("config check of a bad level: %v", err)
	}
	if errors.Is(err, errUsage) {
		t.Error("a bad value was treated as a usage error")
	}
}
