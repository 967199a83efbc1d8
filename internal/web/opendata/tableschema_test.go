package opendata_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// npmNode finds node with the npm package module (installed by npm ci from
// package.json), or skips; env=required (set in CI) fails instead.
func npmNode(t *testing.T, module, env string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		err = exec.Command(node, "--input-type=module", "-e", "await import('"+module+"')").Run()
	}
	if err == nil {
		return node
	}
	if os.Getenv(env) == "required" {
		t.Fatalf("node with npm's %s is required (npm ci): %v", module, err)
	}
	t.Skipf("no node with npm's %s; run npm ci", module)
	return ""
}

func tableSchemaNode(t *testing.T) string {
	return npmNode(t, "tableschema", "GUILDHALL_TEST_TABLESCHEMA")
}

// downloadCatalogue saves every dataset's files with each of the suffixes
// into a folder, and lists the pairs of paths in that order.
func downloadCatalogue(t *testing.T, p *platformtest.Platform, first, second string) (ids, args []string) {
	t.Helper()
	public := p.Client(access.Anonymous)
	_, body := public.Get("/api/3/action/package_list")
	var list struct{ Result []string }
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Result) < 4 {
		t.Fatalf("package_list: %v %s", err, body)
	}
	paths := make([]string, len(list.Result))
	for i, id := range list.Result {
		paths[i] = "/open-data/" + id
	}
	return list.Result, downloadPairs(t, p, access.Anonymous, paths, first, second)
}

// figureFiles are the published figures' files: the statistics and the
// performance page's table of the pothole and FOI services.
var figureFiles = []string{"/statistics/pothole-reports", "/statistics/foi-requests", "/performance/report-a-pothole", "/performance/foi-request"}

// dashboardFiles are the officers' dashboard CSVs, every table, with wards
// configured (the Cambridge reports are in no ward).
var dashboardFiles = []string{"/workspace/statistics/trend", "/workspace/statistics/service", "/workspace/statistics/category",
	"/workspace/statistics/team", "/workspace/statistics/channel", "/workspace/statistics/ward"}

// auditor sees every dashboard.
var auditor = access.Principal{Kind: access.KindStaff, UserID: "u-audit", Name: "Aude", MFA: true,
	Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}}

// downloadPairs saves each path with each of the suffixes, as who gets
// them, into a folder, and lists the saved files in that order.
func downloadPairs(t *testing.T, p *platformtest.Platform, who access.Principal, paths []string, first, second string) (files []string) {
	t.Helper()
	dir := t.TempDir()
	for _, path := range paths {
		for _, ext := range []string{first, second} {
			res, body := p.Client(who).Get(path + ext)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s%s: %d", path, ext, res.StatusCode)
			}
			file := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "-")+ext)
			if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, file)
		}
	}
	return files
}

// Every CSV in the catalogue (datasets built from services and uploaded
// Transparency Code files), and the statistics' and performance page's, is checked against the Table Schema published
// beside it by tableschema-js, a validator Guildhall did not write.
func TestPublishedCSVsPassTableSchemaJS(t *testing.T) {
	node := tableSchemaNode(t)
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		seedForTableSchema(t, p)
		ids, args := downloadCatalogue(t, p, ".schema.json", ".csv")
		args = append(args, downloadPairs(t, p, access.Anonymous, figureFiles, ".schema.json", ".csv")...)
		args = append(args, downloadPairs(t, p, auditor, dashboardFiles, ".schema.json", ".csv")...)
		out, err := exec.Command(node, append([]string{"testdata/tableschema_check.js"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tableschema-js: %v\n%s", err, out)
		}
		t.Logf("tableschema-js over %v: %s", ids, strings.TrimSpace(string(out)))
		if !strings.HasSuffix(strings.TrimSpace(string(out)), "checked=54") { // 3 reports, 1 FOI request, 2 spending lines, 2×12 months of performance, 2 months of statistics (only months with cases), 22 dashboard rows (12 months, 3 wards …)
			t.Errorf("tableschema-js checked no rows: %s", out)
		}
	}, platformtest.Bundled(), platformtest.Staff(administrator, auditor), platformtest.Wards())
}

// The check can fail: a date the schema does not allow, a missing required
// value and a header that is not the schema's are each reported.
func TestTableSchemaJSRefusesBrokenFiles(t *testing.T) {
	node := tableSchemaNode(t)
	s, write := spendingFileWith(t, "spending.schema.json")
	broken := write("broken.csv", strings.Replace(strings.Replace(spendingCSV, "2026-01-14", "14/01/2026", 1), "Highways,Cambridge", ",Cambridge", 1))
	renamed := write("renamed.csv", strings.Replace(spendingCSV, "Beneficiary", "Supplier", 1))
	out, err := exec.Command(node, "testdata/tableschema_check.js", s, broken, s, renamed).CombinedOutput()
	if err == nil {
		t.Fatalf("tableschema-js passed broken files:\n%s", out)
	}
	for _, want := range []string{
		`broken.csv: row 2: The value "14/01/2026" in column "Date" is not type "date"`,
		`broken.csv: row 2: The value "null" does not conform to the "required" constraint for column "Department"`,
		`renamed.csv: header ["Date","Department","Supplier",`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tableschema-js output lacks %q:\n%s", want, out)
		}
	}
}

// spendingFileWith publishes the seeded spending file and saves what the
// platform serves at /open-data/<described> (its Table Schema or CSVW
// metadata) into a temporary folder, for a validator to check files that
// write puts beside it (the broken variants of spendingCSV).
func spendingFileWith(t *testing.T, described string) (path string, write func(name, body string) string) {
	t.Helper()
	p := platformtest.New(t, platformtest.Bundled(), platformtest.Staff(administrator))
	seedForTableSchema(t, p)
	res, body := p.Client(access.Anonymous).Get("/open-data/" + described)
	if res.StatusCode != 200 {
		t.Fatalf("GET /open-data/%s: %d", described, res.StatusCode)
	}
	dir := t.TempDir()
	write = func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	return write(described, body), write
}

// seedForTableSchema gives every kind of published CSV rows: pothole
// reports with a location and free text, an answered FOI request, and an
// uploaded Transparency Code spending file.
func seedForTableSchema(t *testing.T, p *platformtest.Platform) {
	t.Helper()
	for i := range 3 {
		lat, lng := 52.2053+float64(i)/1000, 0.1218
		p.Submit(access.Anonymous, "report-a-pothole", service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Outside 14 Mill Road, CB1 2AB"}},
			"surface":  {Text: "road"}, "size": {Text: "large"}, "dangerous": {Text: "no"},
			"full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"},
		}, cases.ChannelWeb)
	}
	p.Submit(access.Anonymous, "foi-request", service.Answers{"request": {Text: "Pothole spending in 2025"},
		"format": {Text: "email"}, "full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, cases.ChannelWeb)
	admin := p.Client(administrator)
	admin.Get("/open-data/transparency/spending") // the form gives the client its anti-forgery token
	res, _ := admin.PostMultipart("/open-data/transparency/spending", nil,
		webtest.File{Field: "file", Name: "q4.csv", Body: []byte(spendingCSV)})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("spending upload: %d", res.StatusCode)
	}
}
