package opendata_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var administrator = access.Principal{Kind: access.KindStaff, UserID: "u-admin", Name: "Ade", MFA: true,
	Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}

const spendingCSV = "Date,Department,Beneficiary,Purpose,Amount,Irrecoverable VAT,Merchant Category,Transaction Number\n" +
	"2026-01-14,Highways,Cambridge Tarmac Ltd,Pothole repairs on Mill Road,12450.00,0,Road maintenance,INV-0042\n" +
	"2026-01-20,Highways,Cambridge Tarmac Ltd,Credit note: overcharge,-612.50,0,Road maintenance,\n"

// TestTransparencyUpload: an invalid file is reported by row and column
// and publishes nothing; a valid one is then in the catalogue, its CSV,
// CSVW metadata and CKAN record; other staff cannot publish.
func TestTransparencyUpload(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		admin := p.Client(administrator)
		res, body := admin.Get("/open-data/transparency/spending")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "<code>Irrecoverable VAT</code>") {
			t.Fatalf("upload page %d:\n%s", res.StatusCode, body)
		}
		bad := strings.Replace(spendingCSV, "12450.00", `"£12,450"`, 1)
		res, body = admin.PostMultipart("/open-data/transparency/spending", nil, webtest.File{Field: "file", Name: "q4.csv", Body: []byte(bad)})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid upload: %d", res.StatusCode)
		}
		for _, want := range []string{
			`<a href="#file">The file has 1 problem – nothing was published</a>`,
			`<a href="#problem-1">Row 2, column E: Amount must be a number like 1250.50, without £ or commas (not &#34;£12,450&#34;).</a>`,
			`<td class="govuk-table__cell">E (Amount)</td>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("report lacks %s", want)
			}
		}
		if res, _ := p.Client(access.Anonymous).Get("/open-data/spending.csv"); res.StatusCode != http.StatusNotFound {
			t.Errorf("an invalid upload published something: %d", res.StatusCode)
		}

		res, _ = admin.PostMultipart("/open-data/transparency/spending", nil, webtest.File{Field: "file", Name: "q4.csv", Body: []byte(spendingCSV)})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/open-data/transparency?published=spending" {
			t.Fatalf("valid upload: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if _, body := admin.Follow(res); !strings.Contains(body, "Spending over £500 published") {
			t.Errorf("no confirmation")
		}

		public := p.Client(access.Anonymous)
		res, body = public.Get("/open-data/spending.csv")
		if want := strings.ReplaceAll(spendingCSV, "\n", "\r\n"); res.StatusCode != http.StatusOK || body != want {
			t.Errorf("published CSV %d:\n%q\nwant\n%q", res.StatusCode, body, want)
		}
		if !strings.Contains(res.Header.Get("Link"), "/open-data/spending.csv-metadata.json") {
			t.Errorf("no CSVW link: %q", res.Header.Get("Link"))
		}
		_, body = public.Get("/open-data/spending.csv-metadata.json")
		var meta struct {
			TableSchema struct {
				Columns []struct {
					Titles   string `json:"titles"`
					Required bool   `json:"required"`
					Datatype any    `json:"datatype"`
				} `json:"columns"`
			} `json:"tableSchema"`
		}
		if err := json.Unmarshal([]byte(body), &meta); err != nil || len(meta.TableSchema.Columns) != 8 {
			t.Fatalf("CSVW metadata: %v\n%s", err, body)
		}
		if c := meta.TableSchema.Columns[5]; c.Titles != "Irrecoverable VAT" || !c.Required ||
			!jsonEqual(c.Datatype, map[string]any{"base": "decimal", "minimum": 0.0}) {
			t.Errorf("VAT column: %+v", c)
		}
		_, body = public.Get("/api/3/action/package_show?id=spending")
		if !strings.Contains(body, `"title": "Spending over £500"`) && !strings.Contains(body, `"title":"Spending over £500"`) {
			t.Errorf("CKAN package_show:\n%s", body)
		}
		_, body = public.Get(`/api/3/action/datastore_search?resource_id=spending&filters={"Department":"Highways"}`)
		if !strings.Contains(body, `"total":2`) && !strings.Contains(body, `"total": 2`) {
			t.Errorf("datastore_search:\n%s", body)
		}
		if _, body = public.Get("/open-data/catalog.ttl"); !strings.Contains(body, "/open-data/spending") {
			t.Errorf("DCAT has no spending dataset")
		}

		officer := p.Client(access.Principal{Kind: access.KindStaff, UserID: "u-highways", MFA: true,
			Grants: []access.Grant{{Role: "officer", Team: "highways"}}})
		if res, _ := officer.Get("/open-data/transparency/spending"); res.StatusCode != http.StatusForbidden {
			t.Errorf("an officer reached the upload page: %d", res.StatusCode)
		}
	}, platformtest.Bundled(), platformtest.Staff(administrator))
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestTransparencyPagesInBrowser: the list, the upload form and a report
// of problems pass axe in Chromium, with and without JavaScript.
func TestTransparencyPagesInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	p := platformtest.New(t, platformtest.Bundled(), platformtest.Staff(administrator))
	p.Who.Add(administrator)
	bad := filepath.Join(t.TempDir(), "spending.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(spendingCSV, "2026-01-20", "20/01/2026", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		tab := m.NewPage(t)
		p.SignInTab(tab, administrator)
		tab.Navigate(p.URL + "/open-data/transparency")
		tab.CheckAccessible()
		tab.Click(`a[href="/open-data/transparency/spending"]`)
		tab.CheckAccessible()
		tab.Upload("#file", bad)
		tab.Click(`form[enctype="multipart/form-data"] button`)
		tab.CheckAccessible()
		if got := tab.Text("#problem-1"); !strings.Contains(got, "Date must be a real date") {
			t.Errorf("first problem: %q", got)
		}
	})
}
