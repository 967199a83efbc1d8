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
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		_, body := closedBin(t, e)
		link := feedbackLink.FindStringSubmatch(body)[1]
		p := m.NewPage(t)
		p.Navigate(e.URL + link)
		p.CheckPage()
		p.Click("form .govuk-button")
		if !p.Has(".govuk-error-summary") {
			t.Fatal("no error for a missing rating")
		}
		p.CheckPage()
		p.Check("#rating-2")
		p.Type("#comment", "The crew came the next morning.")
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "Thank you for your feedback" {
			t.Fatalf("after sending: h1 %q", got)
		}
		p.CheckPage()
		p.Navigate(e.URL + link)
		if got := p.Text("h1"); got != "This link has expired or has been used" {
			t.Errorf("used link: h1 %q", got)
		}
		p.CheckPage()
	})
}
