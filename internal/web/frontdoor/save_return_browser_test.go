package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserSaveAndReturn walks save and return in Chromium, with
// JavaScript and without it at 320px: every page it shows has no axe-core
// violations and no sideways scrolling, and the link opened in a second tab
// (its own cookies) lands on the first question not yet answered.
func TestBrowserSaveAndReturn(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	for _, mode := range []struct {
		name string
		opts []browsertest.Option
	}{{"javascript", nil}, {"no-javascript-320px", []browsertest.Option{browsertest.NoJavaScript(), browsertest.Width(320)}}} {
		t.Run(mode.name, func(t *testing.T) {
			check := func(p *browsertest.Page) {
				t.Helper()
				p.CheckAccessible()
				if over := p.Overflow(); over > 0 {
					t.Errorf("%s: %dpx sideways scrolling", p.Location(), over)
				}
			}
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + "/services/complaint/questions/service")
			p.Select("#service_area", "housing")
			p.Click("form .govuk-button")
			p.Click(`a[href="/services/complaint/save"]`)
			check(p)
			p.Click("form .govuk-button")
			if !p.Has(".govuk-error-summary") {
				t.Fatal("no error for an empty address")
			}
			check(p)
			p.Type("#email", "ada@example.org")
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "Check your email" {
				t.Fatalf("after sending: h1 %q", got)
			}
			check(p)
			token, _ := resumeEmail(t, e, seenTokens...)
			seenTokens = append(seenTokens, token)
			other := b.NewPage(t, mode.opts...)
			other.Navigate(e.URL + "/services/complaint/resume/" + token)
			check(other)
			other.Click("form .govuk-button")
			if loc := other.Location(); !strings.HasSuffix(loc, "/services/complaint/questions/complaint") {
				t.Fatalf("the link led to %s, want the second page", loc)
			}
			other.Navigate(e.URL + "/services/complaint/resume/" + token)
			if got := other.Text("h1"); got != "This link has expired or has been used" {
				t.Errorf("used link: h1 %q", got)
			}
			check(other)
		})
	}
}

// seenTokens are the links earlier subtests were sent, so each finds its own.
var seenTokens []string
