// Package browsertest drives headless Chromium (Debian's /usr/bin/chromium)
// through Guildhall's pages and checks each with axe-core, for the front door
// and the staff workspace alike.
//
//	func TestMain(m *testing.M) { browsertest.Main(m) } // closes the shared browser
//
//	func TestJourney(t *testing.T) {
//		b := browsertest.Shared(t) // skips when Chromium or axe-core is absent
//		p := b.NewPage(t)           // or b.NewPage(t, browsertest.NoJavaScript(), browsertest.Width(320))
//		p.Navigate(ts.URL + "/")
//		p.CheckAccessible()         // axe-core, WCAG 2.2 AA tags: zero violations
//		p.Click("#start")
//	}
//
// One browser is shared by a test binary (each page is a new tab in its own
// incognito-like browser context, so cookies do not leak between tests).
// Without Chromium or node_modules/axe-core the tests skip, unless
// GUILDHALL_TEST_BROWSER=required, when they fail.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser is one running headless Chromium.
type Browser struct {
	alloc       context.Context
	cancelAlloc context.CancelFunc
	root        context.Context
	cancelRoot  context.CancelFunc
	dir         string
	axe         string
}

var (
	sharedOnce sync.Once
	shared     *Browser
	sharedErr  error
)

// Required reports whether a missing browser fails the tests rather than skipping them.
func Required() bool { return os.Getenv("GUILDHALL_TEST_BROWSER") == "required" }

// Shared returns the test binary's browser, starting it on first use. It
// skips t when Chromium or axe-core is missing, unless Required.
func Shared(t testing.TB) *Browser {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		if Required() {
			t.Fatalf("browser tests required: %v", sharedErr)
		}
		t.Skipf("browser tests skipped: %v", sharedErr)
	}
	return shared
}

// Main runs the tests and then closes the shared browser: use it as TestMain.
func Main(m *testing.M) {
	code := m.Run()
	CloseShared()
	os.Exit(code)
}

// CloseShared closes the shared browser if one was started, for a TestMain
// that cannot use Main (one that also stops a PostgreSQL cluster).
func CloseShared() {
	if shared != nil {
		shared.Close()
	}
}

// ChromiumPath is where Debian installs Chromium; GUILDHALL_CHROMIUM overrides it.
func ChromiumPath() string {
	if p := os.Getenv("GUILDHALL_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

func start() (*Browser, error) {
	exe := ChromiumPath()
	if exe == "" {
		return nil, errors.New("chromium not found (apt-get install chromium)")
	}
	axe, err := findAxe()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "guildhall-chromium-")
	if err != nil {
		return nil, err
	}
	b := &Browser{dir: dir, axe: axe}
	b.alloc, b.cancelAlloc = chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 1000),
	)
	b.root, b.cancelRoot = chromedp.NewContext(b.alloc)
	// The first run starts the browser; its context must not be a timeout
	// context, since cancelling that would close the browser.
	if err := chromedp.Do(b.root); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return b, nil
}

// findAxe reads node_modules/axe-core/axe.min.js from the module root (found
// by walking up from the working directory to go.mod).
func findAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
			if err != nil {
				return "", fmt.Errorf("axe-core not installed (npm ci): %w", err)
			}
			return string(b), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Close stops Chromium and removes its profile folder.
func (b *Browser) Close() {
	b.cancelRoot()
	b.cancelAlloc()
	_ = os.RemoveAll(b.dir)
}
