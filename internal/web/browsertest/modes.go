package browsertest

import "testing"

// Mode is one of the two ways a journey is walked: with JavaScript at a
// desktop width, and without JavaScript on a 320px screen. Every page must
// work without JavaScript (progressive enhancement), and 320px is the width
// at which WCAG 1.4.10 asks that nothing scrolls sideways, so the second mode
// checks both at once.
type Mode struct {
	// Name is the subtest's name: "javascript" or "no-javascript-320px".
	Name string
	// JavaScript is whether the mode's tabs run scripts.
	JavaScript bool

	b    *Browser
	opts []Option
}

// Modes are the two modes, JavaScript first.
func (b *Browser) Modes() []Mode {
	return []Mode{
		{Name: "javascript", JavaScript: true, b: b},
		{Name: "no-javascript-320px", b: b, opts: []Option{NoJavaScript(), Width(320)}},
	}
}

// InBothModes runs journey as a subtest once in each mode, JavaScript
// first. The journey opens its own tabs with m.NewPage, after any set-up it
// needs, so each mode starts from nothing.
func (b *Browser) InBothModes(t *testing.T, journey func(t *testing.T, m Mode)) {
	t.Helper()
	for _, m := range b.Modes() {
		t.Run(m.Name, func(t *testing.T) { journey(t, m) })
	}
}

// NewPage opens a tab in this mode; it is closed when t ends.
func (m Mode) NewPage(t testing.TB) *Page {
	t.Helper()
	return m.b.NewPage(t, m.opts...)
}

// CheckPage fails the test for every axe-core violation on the current
// page and for sideways scrolling (WCAG 1.4.10 reflow, which the narrow
// mode's 320px tests).
func (p *Page) CheckPage() {
	p.T.Helper()
	p.CheckAccessible()
	if over := p.Overflow(); over > 0 {
		p.T.Errorf("%s: %dpx sideways scrolling", p.Location(), over)
	}
}
