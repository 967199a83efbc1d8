package advice_test

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestAskInBrowser walks "Tell us what you need" to a service in Chromium,
// with and without JavaScript at 320px, and the officer's routing page,
// checking every page with axe-core.
func TestAskInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		p := m.NewPage(t)
		p.Navigate(e.URL + "/ask")
		p.CheckAccessible()
		p.Click("button[type=submit]")
		if !strings.Contains(p.HTML(), "There is a problem") {
			t.Fatal("no error for an empty form")
		}
		p.CheckAccessible()
		p.Type("#need", "my green bin wasnt emptied this week and when is it collected next")
		p.Click("form[action='/ask'] button[type=submit]")
		if html := p.HTML(); !strings.Contains(html, "Report a missed bin collection") || !strings.Contains(html, "What our pages say") {
			t.Fatalf("results lack the service or the quotes")
		}
		p.CheckAccessible()
		p.Click("form[action='/ask/choose'] button[type=submit]")
		if !strings.HasSuffix(p.Location(), "/services/missed-bin-collection") {
			t.Errorf("at %s after choosing", p.Location())
		}
		p.Navigate(e.URL + "/ai")
		p.CheckAccessible()

		e.SignInTab(p, router)
		p.Navigate(e.URL + "/workspace/route")
		p.CheckAccessible()
		p.Navigate(e.URL + "/workspace/route?case=" + e.enquiry)
		p.CheckAccessible()
		p.Check("#service")
		p.Click("form[action='/workspace/route'] button[type=submit]")
		if !strings.Contains(p.HTML(), "Decision recorded") {
			t.Fatal("decision not recorded")
		}
		p.CheckAccessible()
		e.SignInTab(p, auditor)
		p.Navigate(e.URL + "/workspace/ai-log")
		p.CheckAccessible()
	})
}
