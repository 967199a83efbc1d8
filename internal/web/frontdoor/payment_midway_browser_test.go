package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserPayPartWay books a bulky waste collection whose fee is paid
// after the items are chosen, in Chromium with JavaScript and without it at
// 320px: the payment page, the items page once paid, check your answers
// with the fee paid and the confirmation have no axe-core violations and
// no sideways scrolling.
func TestBrowserPayPartWay(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, platformtest.Fixtures("bulky-waste"))
	const svc = "/services/bulky-waste/"
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		check := func(want string) {
			t.Helper()
			if !strings.HasSuffix(p.Location(), want) {
				t.Fatalf("at %s, want %s", p.Location(), want)
			}
			p.CheckPage()
		}
		submit := func() { t.Helper(); p.Click("main form button[type=submit]:not([name])") }
		p.Navigate(e.URL + svc + "questions/items/items/1")
		p.Type("#what", "Sofa")
		submit()
		p.Check(`input[name="add-another"][value="no"]`)
		submit()
		check(svc + "pay")
		submit() // Continue to payment: to the local GOV.UK Pay's card page
		if !p.Has(`button[name="outcome"]`) {
			t.Fatalf("not on the card page: %s", p.Location())
		}
		p.Navigate(e.URL + finishAt(t, p.Location(), "success"))
		check(svc + "questions/collection")
		p.Navigate(e.URL + svc + "questions/items")
		check(svc + "questions/items")
		if got := p.Text("h1"); got != "Items to collect" || !p.Has(".govuk-inset-text") {
			t.Fatalf("the items once paid: h1 %q", got)
		}
		p.Click("main a.govuk-button")
		check(svc + "questions/collection")
		p.Type("#where", "By the front gate")
		submit()
		p.Type("#full_name", "Sam Resident")
		p.Type("#email", "sam@example.org")
		submit()
		check(svc + "check-answers")
		submit() // Accept and send
		check(svc + "confirmation")
	})
}
