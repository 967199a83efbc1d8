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
