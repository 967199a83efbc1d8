package advice_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
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
