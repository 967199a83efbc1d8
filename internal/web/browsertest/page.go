package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Page is one browser tab, in its own browser context (cookies of its own).
type Page struct {
	T      testing.TB
	ctx    context.Context
	b      *Browser
	noJS   bool
	mu     sync.Mutex
	errors []string
}

// Option configures a new page.
type Option func(*pageOptions)

type pageOptions struct {
	noJS  bool
	width int64
}

// NoJavaScript disables script execution in the tab: every page must work without it.
func NoJavaScript() Option { return func(o *pageOptions) { o.noJS = true } }

// Width sets the viewport width in CSS pixels (320 for the WCAG reflow check).
func Width(px int64) Option { return func(o *pageOptions) { o.width = px } }

// Timeout bounds each step of a page.
const Timeout = 20 * time.Second

// NewPage opens a tab; it is closed when t ends.
func (b *Browser) NewPage(t testing.TB, opts ...Option) *Page {
	t.Helper()
	var o pageOptions
	for _, f := range opts {
		f(&o)
	}
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &Page{T: t, ctx: ctx, b: b, noJS: o.noJS}
	p.watchConsole()
	var steps []chromedp.Action[chromedp.Void]
	if o.width > 0 {
		steps = append(steps, chromedp.EmulateViewport(o.width, 800, chromedp.EmulateMobile))
	}
	if o.noJS {
		steps = append(steps, p.scripts(false))
	}
	p.Do(steps...)
	return p
}

// watchConsole records uncaught exceptions and console errors, such as a
// Content-Security-Policy refusal, so tests can insist there are none.
func (p *Page) watchConsole() {
	// Open the tab with the page's own context: a timeout context here would
	// close the tab when it ended.
	if err := chromedp.Do(p.ctx); err != nil {
		p.T.Fatalf("opening a tab: %v", err)
	}
	_ = chromedp.Listen(p.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			p.addError("exception: " + ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				p.addError("console.error")
			}
		}
	})
}

func (p *Page) scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// Do runs steps with a timeout, failing the test on error.
func (p *Page) Do(steps ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.T.Fatalf("browser: %v (at %s)", err, p.location())
	}
}

// Run runs one action that returns a value, failing the test on error.
func Run[T any](p *Page, a chromedp.Action[T]) T {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.T.Fatalf("browser: %v (at %s)", err, p.location())
	}
	return v
}

func (p *Page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	u, _ := chromedp.Run(ctx, chromedp.Location())
	return u
}

// Navigate loads url and waits for the page.
func (p *Page) Navigate(url string) {
	p.T.Helper()
	p.Do(chromedp.Navigate(url))
}

// Location is the current URL.
func (p *Page) Location() string { p.T.Helper(); return Run(p, chromedp.Location()) }

// Title is the document title.
func (p *Page) Title() string { p.T.Helper(); return Run(p, chromedp.Title()) }

// HTML is the whole document. Chromium names the root it found by a node
// id that a document replaced in the meantime (a navigation still settling
// after a script's redirect) no longer has; the new document is then read
// instead, and what it holds is the test's to check.
func (p *Page) HTML() string {
	p.T.Helper()
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(p.ctx, Timeout)
		html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
		cancel()
		if err == nil {
			return html
		}
		if try == 3 || !strings.Contains(err.Error(), "No node with given id") {
			p.T.Fatalf("browser: %v (at %s)", err, p.location())
		}
	}
}

// Text is the visible text of the first element matching a CSS selector.
func (p *Page) Text(css string) string { p.T.Helper(); return Run(p, chromedp.Text(chromedp.CSS(css))) }

// Has reports whether an element matches the CSS selector now.
func (p *Page) Has(css string) bool {
	p.T.Helper()
	ids := Run(p, chromedp.QueryNodeIDs(chromedp.CSSAll(css), chromedp.AtLeast(0)))
	return len(ids) > 0
}

// Click clicks the first element matching the CSS selector and waits for
// the page it leads to (a link, a submit button).
func (p *Page) Click(css string) {
	p.T.Helper()
	p.Do(chromedp.WaitVisible(chromedp.CSS(css)))
	p.follow(css, chromedp.Click(chromedp.CSS(css)))
}

// ClickAt clicks the point (x, y) of the window, as a tap on a map, and
// waits for the page it leads to.
func (p *Page) ClickAt(x, y float64) {
	p.T.Helper()
	p.follow(fmt.Sprintf("(%.0f, %.0f)", x, y), chromedp.MouseClickXY(x, y))
}

// follow runs the click and waits for the page it loads.
func (p *Page) follow(what string, click chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, click); err != nil {
		p.T.Fatalf("clicking %s: %v (at %s)", what, err, p.location())
	}
}

// Check clicks a radio button or checkbox (or anything that does not load a page).
func (p *Page) Check(css string) {
	p.T.Helper()
	p.Do(chromedp.Click(chromedp.CSS(css)))
}

// Type types text into the field matching the CSS selector, after what it
// holds already (as a person typing would).
func (p *Page) Type(css, text string) {
	p.T.Helper()
	p.Do(chromedp.SendKeys(chromedp.CSS(css), text))
}

// Select chooses the option with value v in the select matching the CSS selector.
func (p *Page) Select(css, v string) {
	p.T.Helper()
	p.Do(chromedp.SetValue(chromedp.CSS(css), v))
}

// Upload sets the files of a file input.
func (p *Page) Upload(css string, files ...string) {
	p.T.Helper()
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(css), files))
}

func (p *Page) addError(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errors = append(p.errors, s)
}

// Errors are the uncaught exceptions and console errors seen so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Violation is one axe-core rule a page breaks.
type Violation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"`
	Description string `json:"description"`
	Help        string `json:"help"`
	Nodes       []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// AxeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Accessibility runs axe-core on the current page and returns its violations.
// With JavaScript off, scripts are switched on for the check only (the page's
// own scripts have already not run) and off again after.
func (p *Page) Accessibility() []Violation {
	p.T.Helper()
	if p.noJS {
		p.Do(p.scripts(true))
		defer p.Do(p.scripts(false))
	}
	if !Run(p, chromedp.Evaluate[bool](`typeof window.axe === "object"`)) {
		Run(p, chromedp.Evaluate[chromedp.Void](p.b.axe))
	}
	tags, _ := json.Marshal(AxeTags)
	script := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => r.violations)`, tags)
	return Run(p, chromedp.Evaluate[[]Violation](script, chromedp.EvalAwaitPromise))
}

// Overflow is how many CSS pixels the page is wider than the viewport: more
// than zero means sideways scrolling (WCAG 1.4.10 reflow fails at 320px).
func (p *Page) Overflow() int {
	p.T.Helper()
	if p.noJS {
		p.Do(p.scripts(true))
		defer p.Do(p.scripts(false))
	}
	return Run(p, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
}

// CheckAccessible fails the test for every axe-core violation on the current page.
func (p *Page) CheckAccessible() {
	p.T.Helper()
	for _, v := range p.Accessibility() {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, n.HTML)
		}
		p.T.Errorf("%s: axe %s (%s): %s\n  %s", p.Location(), v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
	}
}

// SetCookie gives the tab a cookie for the site at base, before it is
// visited: how a test signs a tab in as a test principal
// (webtest.PrincipalCookie) without walking the sign-in pages, which
// internal/web/account tests on their own.
func (p *Page) SetCookie(base, name, value string) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: base, Path: "/"})
		return err
	}))
}
