package platformtest_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/audit"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestFixturesAreValid: every shared definition passes the same checks
// `guildhall services check` makes, so no test runs on a service a council
// could not load.
func TestFixturesAreValid(t *testing.T) {
	names, err := fs.Glob(platformtest.FixturesFS(), "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("fixtures: %v %v", names, err)
	}
	defs, problems, err := service.LoadDirAll(platformtest.FixturesFS())
	if err != nil || len(problems) > 0 {
		t.Fatalf("fixtures: %v\n%v", err, problems)
	}
	if len(defs) != len(names) {
		t.Errorf("%d definitions from %d files", len(defs), len(names))
	}
}

// TestPlatformAnswers: the platform starts on both databases with the
// fixtures and the bundled services together, and is ready.
func TestPlatformAnswers(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		res, body := p.Client(platformtest.Admin).Get("/readyz")
		if res.StatusCode != 200 {
			t.Fatalf("/readyz: %d %s", res.StatusCode, body)
		}
		if _, ok := p.Registry.Load().Get("pothole"); !ok {
			t.Error("fixture pothole not loaded")
		}
		if _, ok := p.Registry.Load().Get("foi-request"); !ok {
			t.Error("bundled foi-request not loaded")
		}
	}, platformtest.Fixtures("pothole"), platformtest.Bundled())
}

// TestPlatformAuditVerifies: the platform's own audit service verifies the
// chain it keys, so an auditor's check through it is not a false alarm.
func TestPlatformAuditVerifies(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		ctx := context.Background()
		for _, action := range []string{"test.one", "test.two", "test.three"} {
			if err := p.Audit.Record(ctx, audit.Entry{Actor: "u-admin", Action: action, Subject: "s-1"}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := p.Audit.VerifyAll(ctx)
		if err != nil || n < 3 {
			t.Fatalf("VerifyAll = %d, %v; want at least 3 entries, intact", n, err)
		}
	})
}
