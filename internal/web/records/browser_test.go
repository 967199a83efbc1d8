package records_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestRecordsManagerInBrowser walks the records manager's pages in
// Chromium, with and without JavaScript, checking each with axe-core:
// place a hold, see it on the list, keep a record longer, approve one.
func TestRecordsManagerInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		e := newEnv(t)
		a, held := e.listDue()
		p := m.NewPage(t)
		e.SignInTab(p, manager)
		p.Navigate(e.URL + "/records/disposals")
		p.CheckAccessible()
		p.Navigate(e.URL + "/records/holds")
		p.CheckAccessible()
		p.Click("button.govuk-button:not(.govuk-button--secondary)") // place a hold with nothing filled in
		if !strings.Contains(p.HTML(), "Choose what the hold covers") {
			t.Fatal("no error for an empty hold")
		}
		p.CheckAccessible()
		p.Check("#kind")
		p.Type("#target", held)
		p.Type("#reason", "Ombudsman case 25-0042")
		p.Click("button.govuk-button:not(.govuk-button--secondary)")
		p.CheckAccessible()
		p.Navigate(e.URL + "/records/disposals")
		if !strings.Contains(p.HTML(), "Ombudsman case 25-0042") {
			t.Fatal("the hold is not shown on the list")
		}
		p.CheckAccessible()
		p.Navigate(e.URL + "/records/disposals/" + e.dueID(a) + "/defer")
		p.Click("button.govuk-button")
		p.CheckAccessible()
		p.Check("#years")
		p.Type("#reason", "A claim has been threatened")
		p.Click("button.govuk-button")
		if !strings.Contains(p.HTML(), "Kept until") {
			t.Fatal("deferral not shown")
		}
		p.Navigate(e.URL + "/records/certificates")
		p.CheckAccessible()
	})
}
