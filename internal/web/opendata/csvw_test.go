package opendata_test

import (
	"github.com/guildhall-platform/guildhall/internal/access"
	"os/exec"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// csvwNode finds node with Zazuko's CSV on the Web parser (installed by npm
// ci); GUILDHALL_TEST_CSVW=required (set in CI) fails rather than skips.
func csvwNode(t *testing.T) string {
	return npmNode(t, "@zazuko/rdf-parser-csvw", "GUILDHALL_TEST_CSVW")
}

// Every CSV in the catalogue, and the statistics' and performance page's, is read as its CSV on the Web metadata
// describes it by a CSVW parser Guildhall did not write, and every cell
// it makes is checked against its column's datatype.
func TestPublishedCSVsPassCSVW(t *testing.T) {
	node := csvwNode(t)
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		seedForTableSchema(t, p)
		ids, args := downloadCatalogue(t, p, ".csv-metadata.json", ".csv")
		// and the statistics' and performance page's CSVs, twelve months each
		args = append(args, downloadPairs(t, p, access.Anonymous, figureFiles, ".csv-metadata.json", ".csv")...)
		// and the officers' dashboard CSVs
		args = append(args, downloadPairs(t, p, auditor, dashboardFiles, ".csv-metadata.json", ".csv")...)
		out, err := exec.Command(node, append([]string{"testdata/csvw_check.mjs"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("CSVW check: %v\n%s", err, out)
		}
		t.Logf("CSVW check over %v: %s", ids, strings.TrimSpace(string(out)))
		if !strings.HasSuffix(strings.TrimSpace(string(out)), " rows=54") { // 3 reports, 1 FOI request, 2 spending lines, 2×12 months of performance, 2 months of statistics (only months with cases), 22 dashboard rows (12 months, 3 wards …)
			t.Errorf("the CSVW check read the wrong number of rows: %s", out)
		}
	}, platformtest.Bundled(), platformtest.Staff(administrator, auditor), platformtest.Wards())
}

// The check can fail: a date that is not an xsd:date, a row longer than the
// header, and a header the metadata has no column for are each reported.
func TestCSVWCheckRefusesBrokenFiles(t *testing.T) {
	node := csvwNode(t)
	m, write := spendingFileWith(t, "spending.csv-metadata.json")
	good := write("good.csv", spendingCSV)
	badDate := write("bad-date.csv", strings.Replace(spendingCSV, "2026-01-14", "14/01/2026", 1))
	long := write("long.csv", strings.Replace(spendingCSV, "Highways,Cambridge", "Highways,extra,Cambridge", 1))
	renamed := write("renamed.csv", strings.Replace(spendingCSV, "Beneficiary", "Supplier", 1))
	if out, err := exec.Command(node, "testdata/csvw_check.mjs", m, good).CombinedOutput(); err != nil {
		t.Fatalf("the unbroken file failed: %v\n%s", err, out)
	}
	out, err := exec.Command(node, "testdata/csvw_check.mjs", m, badDate, m, long, m, renamed).CombinedOutput()
	if err == nil {
		t.Fatalf("the CSVW check passed broken files:\n%s", out)
	}
	for _, want := range []string{
		`bad-date.csv: the value "14/01/2026" in column "date" is not a valid xsd:date`,
		`long.csv: Invalid Record Length: columns length is `,
		`renamed.csv: the header "Supplier" is not a column of the metadata`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the CSVW check's output lacks %q:\n%s", want, out)
		}
	}
}
