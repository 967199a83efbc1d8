package frontdoor_test

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserFeedback answers "How did we do?" in Chromium, with JavaScript
// and without it at 320px: the question, its error, the thanks and the used
// link have no axe-core violations and no sideways scrolling.
func TestBrowserFeedback(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.At(closedBinDay))
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
			_, body := closedBin(t, e)
			link := feedbackLink.FindStringSubmatch(body)[1]
			p := b.NewPage(t, mode.opts...)
			p.Navigate(e.URL + link)
			check(p)
			p.Click("form .govuk-button")
			if !p.Has(".govuk-error-summary") {
				t.Fatal("no error for a missing rating")
			}
			check(p)
			p.Check("#rating-2")
			p.Type("#comment", "The crew came the next morning.")
			p.Click("form .govuk-button")
			if got := p.Text("h1"); got != "Thank you for your feedback" {
				t.Fatalf("after sending: h1 %q", got)
			}
			check(p)
			p.Navigate(e.URL + link)
			if got := p.Text("h1"); got != "This link has expired or has been used" {
				t.Errorf("used link: h1 %q", got)
			}
			check(p)
		})
	}
}
