package frontdoor_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestBrowserAddAnotherAndPay applies for a parking permit with three
// vehicles and pays, in Chromium with JavaScript and without it at 320px:
// every page of the add-another pattern (item, its errors, the list, the
// limit, the removal question), check your answers with the fee, GOV.UK
// Pay's return and the confirmation have no axe-core violations and no
// sideways scrolling.
func TestBrowserAddAnotherAndPay(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	const svc = "/services/resident-parking-permit/questions/"
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		submit := func() { t.Helper(); p.Click("main form button[type=submit]:not([name])") }
		vehicle := func(reg, make string) {
			t.Helper()
			p.Type("#registration", reg)
			p.Type("#make", make)
			p.Check(`input[name="keeper"][value="yes"]`)
			submit()
		}
		p.Navigate(e.URL + svc + "address")
		p.Type("#address-line1", "1 High Street")
		p.Type("#address-town", "Guildtown")
		p.Type("#address-postcode", "SW1A 1AA")
		submit()
		if !strings.HasSuffix(p.Location(), svc+"vehicles/items/1") {
			t.Fatalf("after the address at %s", p.Location())
		}
		p.CheckPage()
		submit()
		if !p.Has(".govuk-error-summary") {
			t.Fatal("no error for an empty vehicle")
		}
		p.CheckPage()
		vehicle("AB12 CDE", "Ford Focus")
		p.CheckPage() // the list with one vehicle
		p.Check(`input[name="add-another"][value="yes"]`)
		submit()
		vehicle("XY70 ZZZ", "Nissan Leaf")
		p.Check(`input[name="add-another"][value="yes"]`)
		submit()
		vehicle("LR05 ABC", "Land Rover")
		if got := p.Text("h1"); got != "You have added 3 vehicles" {
			t.Fatalf("at the limit: h1 %q", got)
		}
		p.CheckPage()
		p.Navigate(e.URL + svc + "vehicles/items/2/remove")
		p.CheckPage()
		p.Navigate(e.URL + svc + "vehicles")
		submit()
		p.Type("#full_name", "Sam Resident")
		p.Type("#email", "sam@example.org")
		submit()
		if !strings.HasSuffix(p.Location(), "/check-answers") {
			t.Fatalf("after the last question at %s", p.Location())
		}
		p.CheckPage()
		submit() // Accept and pay: to the local GOV.UK Pay's card page
		if !p.Has(`button[name="outcome"]`) {
			t.Fatalf("not on the card page: %s", p.Location())
		}
		// The card page sends the resident back to the site's configured
		// address, which in tests has no port: choose the outcome as the
		// card page would, then come back to the path it names.
		p.Navigate(e.URL + finishAt(t, p.Location(), "success"))
		if !strings.HasSuffix(p.Location(), "/confirmation") {
			t.Fatalf("after paying at %s", p.Location())
		}
		p.CheckPage()
	})
}
