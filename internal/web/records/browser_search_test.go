package records_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestSearchInBrowser searches cases, documents and spaces in Chromium,
// with and without JavaScript (at 320px), through the form, a facet and a
// date in error, and checks each page with axe-core.
func TestSearchInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		e := newEnv(t)
		ctx := context.Background()
		for _, d := range []struct {
			title string
			class service.Classification
		}{{"Gritting routes 2026", service.Official}, {"Depot break-in", service.OfficialSensitive}} {
			key, err := e.Blobs.PutBytes(ctx, []byte(d.title+": salt for the winter"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Documents.Create(ctx, officer, records.NewDocument{Title: d.title, ClassID: "5.3.1", Classification: d.class, Team: "highways",
				File: service.FileRef{Key: key, Name: "note.txt", ContentType: service.MIMEText, Size: 30}}); err != nil {
				t.Fatal(err)
			}
		}
		p := m.NewPage(t)
		e.SignInTab(p, officer)
		p.Navigate(e.URL + "/records/search")
		p.CheckPage()
		p.Type("#q", "salt")
		p.Click("form[role=search] button.govuk-button")
		if got := p.Text("#matches"); got != "2 results you can open match ‘salt’, newest first." {
			t.Errorf("count: %q", got)
		}
		if !strings.Contains(p.HTML(), "<mark>salt</mark>") {
			t.Error("results without their marked word")
		}
		p.CheckPage()
		p.Click(`a[href*="classification=OFFICIAL-SENSITIVE"]`)
		if got := p.Text("#results"); !strings.Contains(got, "Depot break-in") || strings.Contains(got, "Gritting") {
			t.Errorf("the facet did not narrow: %q", got)
		}
		p.CheckPage()
		p.Navigate(e.URL + "/records/search?q=salt&to-day=30&to-month=2&to-year=2033")
		if !strings.Contains(p.Text(".govuk-error-summary"), "To must be a real date, like 27 3 2026") {
			t.Error("no error summary for 30 February")
		}
		p.CheckPage()
	})
}
