package singleview_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestSingleViewInBrowser walks search → person → property in Chromium,
// with and without JavaScript, and checks every page with axe-core.
func TestSingleViewInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	e := newEnv(t, storetest.OpenSQLite(t, store.Config{}))
	for _, p := range []access.Principal{highways, governance} {
		e.client(p) // registers the principal
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		for _, who := range []access.Principal{highways, governance} {
			p := m.NewPage(t)
			p.Navigate(e.URL + "/test/as/" + who.UserID)
			p.CheckAccessible()
			p.Type("#name", "Margaret Oyelaran")
			p.Click("button[type=submit]")
			if !strings.Contains(p.HTML(), "People found") {
				t.Fatalf("%s: no results page", who.UserID)
			}
			p.CheckAccessible()
			p.Click("table a.govuk-link")
			if want := "/workspace/people/" + strconv.FormatInt(e.person, 10); !strings.HasSuffix(p.Location(), want) {
				t.Fatalf("%s: at %s, want %s", who.UserID, p.Location(), want)
			}
			p.CheckAccessible()
			if got := strings.Contains(p.HTML(), e.sar); got != (who.UserID == governance.UserID) {
				t.Errorf("%s: sensitive case shown = %v", who.UserID, got)
			}
			p.Navigate(e.URL + "/workspace/properties/990000000102")
			p.CheckAccessible()
			p.Navigate(e.URL + "/workspace/people?postcode=nowhere")
			p.CheckAccessible()
		}
	})
}
