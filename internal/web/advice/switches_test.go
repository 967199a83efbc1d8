package advice_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// TestAISwitches: an administrator switches drafting off for one service in
// the workspace; officers lose the draft link and the draft page refuses at
// once; the change is audited once however many times it is pressed at
// the same moment; a feature the configuration keeps off cannot be switched
// on from the page; switching back on restores the feature. Officers
// cannot see or use the page.
func TestAISwitches(t *testing.T) {
	model := newModelServer(t, draftReply)
	draftPlatform(t, model, func(t *testing.T, p *platformtest.Platform) {
		c := potholeCase(p)
		admin, officer := p.Client(platformtest.Admin), p.Client(highwaysOfficer)

		res, page := admin.Get("/workspace/ai-switches")
		status(t, res, http.StatusOK, page)
		if got := all(page, `<input class="govuk-checkboxes__input" id="(report-a-pothole-draft)" name="on" type="checkbox" value="draft" checked>`); len(got) != 1 {
			t.Fatalf("the pothole service's draft switch is not shown on:\n%s", page)
		}
		want := "Switched off in the server's configuration, so not changed here: Draft replies with the language model."
		if got := all(page, `<div id="report-graffiti-hint" class="govuk-hint">(.*?)</div>`); len(got) != 1 || got[0] != want {
			t.Errorf("graffiti hint = %q, want %q", got, want)
		}

		// Pressed four times at once: one change, one audit entry.
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, body := admin.PostForm("/workspace/ai-switches/report-a-pothole", url.Values{})
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/workspace/ai-switches?saved=report-a-pothole#report-a-pothole" {
					t.Errorf("switch off: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
				}
			}()
		}
		wg.Wait()
		entries := switchAudit(t, p)
		if len(entries) != 1 || entries[0].Actor != platformtest.Admin.UserID || entries[0].Subject != "report-a-pothole" ||
			string(entries[0].Detail) != `{"feature":"draft","on":false,"service":"report-a-pothole"}` {
			t.Fatalf("audit = %+v, want one entry switching drafts off for the pothole service", entries)
		}
		_, page = admin.Get("/workspace/ai-switches?saved=report-a-pothole")
		if got := all(page, `<p class="govuk-notification-banner__heading">(.*?)</p>`); len(got) != 1 ||
			got[0] != "The AI features for Report a pothole were saved." {
			t.Errorf("banner = %q", got)
		}
		if got := all(page, `<div id="report-a-pothole-draft-hint" class="govuk-hint govuk-checkboxes__hint">(Switched off by .*?) at `); len(got) != 1 ||
			got[0] != "Switched off by "+platformtest.Admin.Name {
			t.Errorf("who switched it = %q", got)
		}

		res, body := officer.Get("/workspace/cases/" + c.Ref)
		status(t, res, http.StatusOK, body)
		if strings.Contains(body, "/workspace/draft?") {
			t.Error("the case page still links to drafting after it was switched off")
		}
		res, body = officer.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusForbidden, body)

		// The configuration's switch is not the page's to change.
		res, body = admin.PostForm("/workspace/ai-switches/report-graffiti", url.Values{"on": {"draft"}})
		status(t, res, http.StatusSeeOther, body)
		if p.AIOn("draft", "report-graffiti") {
			t.Error("the page switched on a feature the configuration keeps off")
		}

		res, body = admin.PostForm("/workspace/ai-switches/report-a-pothole", url.Values{"on": {"draft"}})
		status(t, res, http.StatusSeeOther, body)
		if n := len(switchAudit(t, p)); n != 2 {
			t.Errorf("%d switch entries after switching back on, want 2", n)
		}
		res, body = officer.PostForm("/workspace/draft", url.Values{"case": {c.Ref}})
		status(t, res, http.StatusOK, body)

		res, body = officer.Get("/workspace/ai-switches")
		status(t, res, http.StatusForbidden, body)
		res, body = officer.PostForm("/workspace/ai-switches/report-a-pothole", url.Values{})
		status(t, res, http.StatusForbidden, body)
		if !p.AIOn("draft", "report-a-pothole") {
			t.Error("an officer switched drafting off")
		}
	})
}

func switchAudit(t *testing.T, p *platformtest.Platform) []audit.Entry {
	t.Helper()
	entries, err := p.Store.AuditEntries(context.Background(), audit.Filter{Action: platform.AuditAISwitch, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}
