package records_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
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

// TestRestrictionNoticeInBrowser: the workspace case page of a restricted
// person's report, as the street officer sees it (the notice alone) and as
// information governance who may read it (the case under the notice, no
// actions), in Chromium with and without JavaScript at 320px, each checked
// with axe-core.
func TestRestrictionNoticeInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	// Information governance who also works the street team's cases: a
	// restricted street case is one she could read anyway.
	governance := rightsOfficer
	governance.UserID, governance.Teams = "u-ig-street", append(slices.Clone(governance.Teams), "street-scene")
	governance.Grants = append(slices.Clone(governance.Grants), access.Grant{Role: "officer", Team: "street-scene"})
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := platformtest.New(t, append(rightsPlatform(), platformtest.Staff(governance))...)
		report, req, person := rightsCase(t, p)
		restrictJane(t, p, req, person)
		for _, tc := range []struct {
			who    access.Principal
			notice string
		}{
			{streetOfficer, "The case is kept, but nobody may read or work it until the restriction is lifted. Information governance can tell you more."},
			{governance, "Read this case only to answer a legal claim, to protect another person’s rights or to answer the person’s own request. Nobody may work it until the restriction is lifted."},
		} {
			tab := m.NewPage(t)
			p.SignInTab(tab, tc.who)
			tab.Navigate(p.URL + "/workspace/cases/" + report)
			if got, want := tab.Text(".govuk-warning-text__text"), "Warning\nProcessing of this person's information is restricted (UK GDPR Art. 18). "+tc.notice; got != want {
				t.Errorf("%s: the notice reads %q, want %q", tc.who.Name, got, want)
			}
			tab.CheckPage()
		}
	})
}
