package advice_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestAdviceQuotesDisclosureLog: once an FOI response is published to the
// disclosure log, a resident's question is answered by quoting it, linked
// to its log entry, and the requester is never named.
func TestAdviceQuotesDisclosureLog(t *testing.T) {
	foiOfficer := access.Principal{Kind: access.KindStaff, UserID: "u-foi", Name: "Fola Foi", MFA: true,
		Teams: []string{"information-governance"}, Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}}
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		ctx := context.Background()
		question := url.Values{"need": {"how much did the council spend repairing potholes in 2025"}}
		resident := p.Client(access.Anonymous)
		resident.Get("/ask")
		_, before := resident.PostForm("/ask", question)
		if strings.Contains(before, "/disclosure-log/") {
			t.Fatal("a disclosure is quoted before any was published")
		}

		c := p.Submit(access.Anonymous, "foi-request", service.Answers{
			"request":   {Text: "How much did the council spend repairing potholes in 2025? Reply to Margaret Oduya."},
			"format":    {Text: "email"},
			"full_name": {Text: "Margaret Oduya"}, "email": {Text: "m.oduya@example.org"}}, cases.ChannelWeb)
		c, err := p.Cases.Transition(ctx, foiOfficer, c.Ref, "accept", nil, c.Version)
		if err == nil {
			_, err = p.Cases.Transition(ctx, foiOfficer, c.Ref, "respond", service.Answers{"outcome": {Text: "granted"},
				"response": {Text: "Dear Ms Oduya,\n\nThe council spent £1.2m repairing potholes in 2025."}}, c.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := p.RefreshAdvice(ctx); err != nil {
			t.Fatal(err)
		}
		res, body := resident.PostForm("/ask", question)
		status(t, res, http.StatusOK, body)
		quotes := all(body, `<blockquote class="govuk-inset-text govuk-!-margin-bottom-1">(.*?)</blockquote>\s*<figcaption class="govuk-body-s">From <a class="govuk-link" href="/disclosure-log/`+c.Ref+`">`)
		if len(quotes) == 0 || !strings.Contains(strings.Join(quotes, " "), "£1.2m repairing potholes in 2025") {
			t.Errorf("the published response is not quoted with a link to its log entry:\n%s", body)
		}
		if strings.Contains(body, "Oduya") {
			t.Error("the requester is named in the advice")
		}
	}, platformtest.Bundled(), platformtest.Staff(foiOfficer),
		platformtest.Configure(func(c *platform.Config) { c.AI = platform.AIConfig{Advice: true} }))
}
