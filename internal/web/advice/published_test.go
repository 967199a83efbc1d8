package advice_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestAdviceQuotesPublishedDocuments: a Word document the council
// published (its policy), put in the advice content folder with the
// address it is published at, is read as the records search reads one and
// quoted word for word to a resident, linked to where it is published.
func TestAdviceQuotesPublishedDocuments(t *testing.T) {
	dir := t.TempDir()
	var docx bytes.Buffer
	z := zip.NewWriter(&docx)
	w, err := z.Create("word/document.xml")
	if err == nil {
		_, err = w.Write([]byte(`<w:document xmlns:w="w"><w:body>` +
			`<w:p><w:r><w:t>Street trading policy</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>A street trading licence costs £250 a year and is renewed every April.</w:t></w:r></w:p>` +
			`</w:body></w:document>`))
	}
	if err == nil {
		err = z.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"street-trading.docx": docx.Bytes(),
		"street-trading.docx.about": []byte("# Street trading policy 2026\n" +
			"URL: https://www.example-council.gov.uk/documents/street-trading-policy.docx\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p := platformtest.New(t, platformtest.Configure(func(c *platform.Config) {
		c.AI = platform.AIConfig{Advice: true, AdviceContent: dir}
	}))
	resident := p.Client(access.Anonymous)
	resident.Get("/ask")
	res, body := resident.PostForm("/ask", url.Values{"need": {"how much does a street trading licence cost"}})
	status(t, res, http.StatusOK, body)
	quotes := all(body, `<blockquote class="govuk-inset-text govuk-!-margin-bottom-1">(.*?)</blockquote>\s*`+
		`<figcaption class="govuk-body-s">From <a class="govuk-link" href="https://www.example-council.gov.uk/documents/street-trading-policy.docx">Street trading policy 2026</a></figcaption>`)
	// The extractor keeps a document's words, not its paragraphs, so the
	// heading runs into the first sentence (passages are cut by sentences).
	want := "Street trading policy A street trading licence costs £250 a year and is renewed every April."
	found := false
	for _, q := range quotes {
		found = found || q == want
	}
	if !found {
		t.Errorf("the published policy is not quoted, linked, as %q; quoted from it: %q\n%s", want, quotes, body)
	}
}

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
