package advice_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/triage"
	webadvice "github.com/guildhall-platform/guildhall/internal/web/advice"
)

// TestTrainingExamplesReview: an administrator reads the officers' routing
// decisions kept as training examples, newest first and paged, and deletes
// one; the deletion is audited without the text, and officers cannot see
// the page.
func TestTrainingExamplesReview(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		ctx := context.Background()
		texts := make([]string, 0, 52)
		for i := range 52 {
			text := "Bags dumped in the lane, example " + string(rune('A'+i%26)) + string(rune('a'+i/26))
			texts = append(texts, text)
			if err := p.Store.RecordCorrection(ctx, triage.Correction{Text: text, ServiceID: "report-a-pothole", Officer: "u-hw", CaseRef: ""}); err != nil {
				t.Fatal(err)
			}
		}
		admin := p.Client(platformtest.Admin)
		res, body := admin.Get("/workspace/ai-examples")
		status(t, res, http.StatusOK, body)
		shown := all(body, `<div class="govuk-inset-text">(.*?)</div>`)
		if len(shown) != 50 || shown[0] != texts[51] || shown[49] != texts[2] {
			t.Fatalf("first page shows %d examples from %q to %q, want 50 newest first", len(shown), first(shown), last(shown))
		}
		older := all(body, `<a class="govuk-link" href="([^"]*)">Older examples</a>`)
		if len(older) != 1 {
			t.Fatal("no link to older examples")
		}
		_, body = admin.Get(older[0])
		if shown := all(body, `<div class="govuk-inset-text">(.*?)</div>`); len(shown) != 2 || shown[1] != texts[0] {
			t.Errorf("second page shows %q", shown)
		}

		ex, err := p.Store.TriageCorrections(ctx, 0, 1)
		if err != nil || len(ex) != 1 {
			t.Fatal(ex, err)
		}
		res, body = admin.PostForm("/workspace/ai-examples/"+itoa(ex[0].ID)+"/delete", url.Values{})
		status(t, res, http.StatusSeeOther, body)
		_, body = admin.Get(res.Header.Get("Location"))
		if shown := all(body, `<div class="govuk-inset-text">(.*?)</div>`); len(shown) != 50 || shown[0] != texts[50] {
			t.Errorf("after deleting the newest, the page starts with %q", first(shown))
		}
		entries, err := p.Store.AuditEntries(ctx, audit.Filter{Action: webadvice.AuditExampleDeleted, Limit: 10})
		if err != nil || len(entries) != 1 || entries[0].Actor != platformtest.Admin.UserID || entries[0].Subject != itoa(ex[0].ID) ||
			string(entries[0].Detail) != `{"service":"report-a-pothole"}` {
			t.Errorf("audit = %+v (%v), want one deletion by the administrator naming the service only", entries, err)
		}
		res, body = admin.PostForm("/workspace/ai-examples/"+itoa(ex[0].ID)+"/delete", url.Values{})
		status(t, res, http.StatusNotFound, body)

		officer := p.Client(highwaysOfficer)
		res, body = officer.Get("/workspace/ai-examples")
		status(t, res, http.StatusForbidden, body)
	}, platformtest.Staff(highwaysOfficer))
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
