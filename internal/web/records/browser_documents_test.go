package records_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestDocumentsInBrowser files a document through the pages in Chromium,
// with and without JavaScript, and checks each page with axe-core.
func TestDocumentsInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	letter := filepath.Join(t.TempDir(), "letter.txt")
	if err := os.WriteFile(letter, []byte("Thank you for your letter about the hedge on Mill Lane"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		e := newEnv(t)
		p := m.NewPage(t)
		e.SignInTab(p, officer)
		p.Navigate(e.URL + "/records/documents")
		p.CheckAccessible()
		p.Navigate(e.URL + "/records/documents/new")
		p.CheckAccessible()
		p.Click("form button.govuk-button")
		if !strings.Contains(p.HTML(), "Enter a title") {
			t.Fatal("no errors for an empty form")
		}
		p.CheckAccessible()
		p.Type("#title", "Hedge letter")
		p.Select("#class", "5.3.1")
		p.Upload("#file", letter)
		p.Click("form button.govuk-button")
		if !strings.Contains(p.HTML(), "Hedge letter") || !strings.Contains(p.HTML(), "Versions") {
			t.Fatalf("not filed: at %s", p.Location())
		}
		p.CheckAccessible()
		p.Navigate(e.URL + "/records/documents?q=hedge")
		if !strings.Contains(p.HTML(), "<mark>hedge</mark>") {
			t.Error("search result without its marked word")
		}
		p.CheckAccessible()
	})
}

// TestSpacesInBrowser: a planning officer opens an OFFICIAL-SENSITIVE
// space, is refused a member on an unapproved domain, adds one who is
// approved, leaves a note and files a document in it, in Chromium with and
// without JavaScript (at 320px), each page checked with axe-core; then the
// police sergeant reads it.
func TestSpacesInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	schedule := filepath.Join(t.TempDir(), "schedule.txt")
	if err := os.WriteFile(schedule, []byte("Tuesday 10:00, the Red Lion"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		e := newEnv(t, partnerDomains)
		p := m.NewPage(t)
		e.SignInTab(p, planner)
		p.Navigate(e.URL + "/records/spaces")
		p.CheckPage()
		p.Navigate(e.URL + "/records/spaces/new")
		p.CheckPage()
		p.Type("#name", "Licensing enforcement")
		p.Check("#classification-2")
		p.Type("#members", "owner@gmail.example")
		p.Click("form button.govuk-button")
		if got := p.Text(".govuk-error-summary__list"); got != "owner@gmail.example is not on the council's domain or an approved partner domain: an OFFICIAL-SENSITIVE space cannot include them" {
			t.Fatalf("refused member: %q", got)
		}
		p.CheckPage()
		p.Select("#members", "sgt@police.example.uk") // sets the box's value, replacing what was refused
		p.Click("form button.govuk-button")
		p.CheckPage()
		p.Type("#email", "pc@gmail.example")
		p.Click(`form[action$="/members"] button`)
		if !strings.Contains(p.Text(".govuk-error-summary"), "pc@gmail.example is not on the council's domain") {
			t.Fatal("no error for a member on an unapproved domain")
		}
		p.CheckPage()
		p.Type("#note", "Joint visit to the Red Lion booked for Tuesday")
		p.Click(`form[action$="/notes"] button`)
		p.Type("#title", "Visit schedule")
		p.Select("#class", "5.3.1")
		p.Upload("#file", schedule)
		p.Click(`form[action$="/documents"] button`)
		if got := p.Text("main"); !strings.Contains(got, "Visit schedule") || !strings.Contains(got, "Joint visit to the Red Lion booked for Tuesday") {
			t.Fatalf("the space lacks its note or document: %q", got)
		}
		p.CheckPage()

		e.Who.Add(sergeant)
		sp := m.NewPage(t)
		e.SignInTab(sp, sergeant)
		sp.Navigate(e.URL + "/records/spaces")
		sp.Click(`a[href^="/records/spaces/"]`)
		if sp.Has(`form[action$="/members"]`) || !sp.Has(`form[action$="/notes"]`) {
			t.Error("the sergeant may invite, or may not leave a note")
		}
		sp.CheckPage()
	})
}
