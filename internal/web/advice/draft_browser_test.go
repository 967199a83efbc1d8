package advice_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

// TestDraftInBrowser: an officer asks for a draft from the case page,
// keeps it as a staff note, and an administrator reviews the training
// examples and the AI features' switches; in Chromium with and without JavaScript at 320px, every page
// checked with axe-core.
func TestDraftInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	model := newModelServer(t, draftReply)
	p := platformtest.New(t, platformtest.Fixtures("report-a-pothole"), platformtest.Staff(highwaysOfficer),
		platformtest.Configure(func(c *platform.Config) {
			c.AI = platform.AIConfig{LLMURL: model.URL + "/v1", LLMModel: "council-model", LLMKey: "test-key", LLMDailyLimit: 100}
		}))
	p.Who.Add(platformtest.Admin)
	p.Who.Add(highwaysOfficer)
	if err := p.Store.RecordCorrection(context.Background(), triage.Correction{Text: "Bags dumped in the lane behind the shops",
		ServiceID: "report-a-pothole", Officer: highwaysOfficer.UserID}); err != nil {
		t.Fatal(err)
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		c := potholeCase(p)
		tab := m.NewPage(t)
		p.SignInTab(tab, highwaysOfficer)
		tab.Navigate(p.URL + "/workspace/cases/" + c.Ref)
		tab.Click(`a[href^="/workspace/draft?"]`)
		tab.CheckAccessible()
		tab.Click(`form[action="/workspace/draft"] button`)
		if got := browsertest.Run(tab, chromedp.Value(chromedp.CSS("#reply"))); got != draftReply {
			t.Fatalf("draft box holds %q", got)
		}
		tab.CheckAccessible()
		tab.Click(`form[action="/workspace/draft/send"] .govuk-button:not(.govuk-button--secondary)`)
		if !strings.Contains(tab.Text(".govuk-error-summary"), "Select who should see the reply") {
			t.Fatal("no error when nobody was chosen")
		}
		tab.CheckAccessible()
		tab.Check(`input[name="visibility"][value="internal"]`)
		tab.Click(`form[action="/workspace/draft/send"] .govuk-button:not(.govuk-button--secondary)`)
		if !strings.HasSuffix(tab.Location(), "/workspace/cases/"+c.Ref+"#timeline") {
			t.Fatalf("after saving at %s", tab.Location())
		}
		if got := tab.Text("#timeline + ol .govuk-tag--grey"); got != "Drafted by a language model, sent unchanged" {
			t.Errorf("timeline tag %q", got)
		}

		admin := m.NewPage(t)
		p.SignInTab(admin, platformtest.Admin)
		admin.Navigate(p.URL + "/workspace/ai-examples")
		admin.CheckAccessible()
		admin.Navigate(p.URL + "/workspace/ai-switches")
		admin.CheckAccessible()
		admin.Click(`form[action="/workspace/ai-switches/report-a-pothole"] button`)
		if got := admin.Text(".govuk-notification-banner__heading"); got != "The AI features for Report a pothole were saved." {
			t.Errorf("after saving the switches: %q", got)
		}
		admin.CheckAccessible()
		admin.Navigate(p.URL + "/workspace/ai-log")
		admin.CheckAccessible()
	})
}
