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
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		p.Navigate(e.URL + "/services/complaint/questions/service")
		p.Select("#service_area", "housing")
		p.Click("form .govuk-button")
		p.Click(`a[href="/services/complaint/save"]`)
		p.CheckPage()
		p.Click("form .govuk-button")
		if !p.Has(".govuk-error-summary") {
			t.Fatal("no error for an empty address")
		}
		p.CheckPage()
		p.Type("#email", "ada@example.org")
		p.Click("form .govuk-button")
		if got := p.Text("h1"); got != "Check your email" {
			t.Fatalf("after sending: h1 %q", got)
		}
		p.CheckPage()
		token, _ := resumeEmail(t, e, seenTokens...)
		seenTokens = append(seenTokens, token)
		other := m.NewPage(t)
		other.Navigate(e.URL + "/services/complaint/resume/" + token)
		other.CheckPage()
		other.Click("form .govuk-button")
		if loc := other.Location(); !strings.HasSuffix(loc, "/services/complaint/questions/complaint") {
			t.Fatalf("the link led to %s, want the second page", loc)
		}
		other.Navigate(e.URL + "/services/complaint/resume/" + token)
		if got := other.Text("h1"); got != "This link has expired or has been used" {
			t.Errorf("used link: h1 %q", got)
		}
		other.CheckPage()
	})
}

// seenTokens are the links earlier subtests were sent, so each finds its own.
var seenTokens []string
