package opendata

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestTransparencySchemasParse: every Code dataset has a schema that
// parses, and the ten the Code requires are all there.
func TestTransparencySchemasParse(t *testing.T) {
	want := []string{"contracts", "fraud", "grants", "land-assets", "organisation-chart", "parking-account",
		"procurement-card", "senior-salaries", "spending", "trade-union-facility-time"}
	if got := TransparencyIDs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("datasets %v, want %v", got, want)
	}
	for _, id := range want {
		s, err := TransparencySchema(id)
		if err != nil || s.Title == "" || s.Description == "" || (s.Frequency != "quarterly" && s.Frequency != "annual") {
			t.Errorf("%s: %+v %v", id, s, err)
		}
	}
}

const spendingHeader = "Date,Department,Beneficiary,Purpose,Amount,Irrecoverable VAT,Merchant Category,Transaction Number\r\n"

func validate(t *testing.T, id, file string) (*Report, string) {
	t.Helper()
	s, err := TransparencySchema(id)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err := ValidateCSV(s, strings.NewReader(file), &out)
	if err != nil {
		t.Fatal(err)
	}
	return rep, out.String()
}

// TestValidSpendingIsNormalised: Excel's byte order mark goes, lines end
// CRLF, a credit note's minus sign stays a number, and a text cell a
// spreadsheet would run as a formula is quoted.
func TestValidSpendingIsNormalised(t *testing.T) {
	in := "\xef\xbb\xbf" + strings.TrimSuffix(spendingHeader, "\r\n") + "\n" +
		"2026-01-14,Highways,Cambridge Tarmac Ltd,Pothole repairs on Mill Road,12450.00,0,Road maintenance,INV-0042\n" +
		"2026-01-20,Highways,Cambridge Tarmac Ltd,Credit note: overcharge,-612.50,0,Road maintenance,\n" +
		"2026-02-03,Finance,\"=HYPERLINK(\"\"http://x\"\")\",\"Audit fee, part 1\",5000,250.5,Professional services,CN-7\n"
	rep, out := validate(t, "spending", in)
	if !rep.Valid() || rep.Rows != 3 {
		t.Fatalf("report %+v", rep)
	}
	want := spendingHeader +
		"2026-01-14,Highways,Cambridge Tarmac Ltd,Pothole repairs on Mill Road,12450.00,0,Road maintenance,INV-0042\r\n" +
		"2026-01-20,Highways,Cambridge Tarmac Ltd,Credit note: overcharge,-612.50,0,Road maintenance,\r\n" +
		"2026-02-03,Finance,\"'=HYPERLINK(\"\"http://x\"\")\",\"Audit fee, part 1\",5000,250.5,Professional services,CN-7\r\n"
	if out != want {
		t.Errorf("published file:\n%q\nwant\n%q", out, want)
	}
}

// TestInvalidSpendingReport: each problem by row and column, in words a
// finance officer can act on.
func TestInvalidSpendingReport(t *testing.T) {
	in := spendingHeader +
		"14/01/2026,Highways,Cambridge Tarmac Ltd,Pothole repairs,\"£12,450.00\",0,Road maintenance,\n" +
		"2026-02-30,,Cambridge Tarmac Ltd,Pothole repairs,100,-5,Road maintenance,\n" +
		"2026-01-14,Highways,Cambridge Tarmac Ltd,Pothole repairs,1e5,0\n" +
		"2026-01-14,Highways, Cambridge Tarmac Ltd,Pothole repairs,100,0,Road maintenance,\n"
	rep, _ := validate(t, "spending", in)
	var got []string
	for _, p := range rep.Problems {
		got = append(got, fmt.Sprintf("%d %s %s", p.Line, p.Column, p.Message))
	}
	want := []string{
		`2 A Date must be a real date written year-month-day, like 2026-03-31 (not "14/01/2026").`,
		`2 E Amount must be a number like 1250.50, without £ or commas (not "£12,450.00").`,
		`3 A Date must be a real date written year-month-day, like 2026-03-31 (not "2026-02-30").`,
		`3 B Enter Department; it cannot be empty.`,
		`3 F Irrecoverable VAT must be 0 or more (not -5).`,
		`4  Row 4 has 6 cells; the header has 8.`,
		`5 C Beneficiary has spaces before or after it. Remove them.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || rep.Total != len(want) || rep.Rows != 4 {
		t.Errorf("problems (%d of %d rows):\n%s\nwant\n%s", rep.Total, rep.Rows, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHeaderProblems(t *testing.T) {
	rep, _ := validate(t, "procurement-card", "Date,Dept,Beneficiary,Amount,Irrecoverable VAT,Purpose,Merchant Category,Notes\n2026-01-01,x,y,1,0,z,w,n\n")
	var got []string
	for _, p := range rep.Problems {
		got = append(got, fmt.Sprintf("%d %s %s", p.Line, p.Column, p.Message))
	}
	want := []string{
		`1 B Column B must be headed "Department", not "Dept".`,
		`1 H Column H ("Notes") is not part of this dataset. Delete it.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s", strings.Join(got, "\n"))
	}
	for _, tc := range []struct{ in, want string }{
		{"", "The file is empty. It must start with a header row naming the columns."},
		{"Date,Department,Beneficiary,Amount,Irrecoverable VAT,Purpose,Merchant Category\n", "The file has a header row but no data rows."},
	} {
		if rep, _ := validate(t, "procurement-card", tc.in); rep.Valid() || rep.Problems[0].Message != tc.want {
			t.Errorf("%q: %+v", tc.in, rep.Problems)
		}
	}
}

// TestEnumPatternAndMinimum: the contracts schema's choices, Companies
// House pattern and £5,000 floor.
func TestEnumPatternAndMinimum(t *testing.T) {
	head := "Reference,Stage,Title,Department,Description,Supplier Name,Supplier Address,Companies House Number,Charity Number,SME,VCSE,Value,Value Basis,Irrecoverable VAT,Start Date,End Date,Review Date,Procurement Route\n"
	ok := "C-101,Contract,Grounds maintenance,Parks,Mowing and hedges,Green Spaces Ltd,\"1 High St, Cambridge\",01234567,,Yes,No,48000,Annual,0,2026-04-01,2029-03-31,,Published invitation to tender\n"
	bad := "C-102,Awarded,Grounds maintenance,Parks,Mowing,Green Spaces Ltd,,1234,,Maybe,No,4999.99,Annual,0,2026-04-01,2029-03-31,,Published invitation to tender\n"
	rep, _ := validate(t, "contracts", head+ok+bad)
	var got []string
	for _, p := range rep.Problems {
		got = append(got, fmt.Sprintf("%d %s %s", p.Line, p.Column, p.Message))
	}
	want := []string{
		`3 B Stage must be one of "Tender" or "Contract" (not "Awarded").`,
		`3 H Companies House Number is not in the right format ("1234"). For example: 01234567 or SC123456.`,
		`3 J SME must be one of "Yes" or "No" (not "Maybe").`,
		`3 L Value must be 5000 or more (not 4999.99).`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBrokenQuoteStopsWithItsRow(t *testing.T) {
	rep, _ := validate(t, "spending", spendingHeader+"2026-01-14,Highways,\"Cambridge Tarmac Ltd,Pothole,1,0,Road,\n")
	if rep.Valid() || rep.Problems[0].Line != 2 || !strings.Contains(rep.Problems[0].Message, "Row 2 has a quotation mark in the wrong place") {
		t.Errorf("%+v", rep.Problems)
	}
}

// spendingRows generates a spending file of n rows without holding it.
type spendingRows struct {
	n, i int
	buf  []byte
}

func (s *spendingRows) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.i > s.n {
			return 0, io.EOF
		}
		if s.i == 0 {
			s.buf = []byte(spendingHeader)
		} else {
			s.buf = fmt.Appendf(s.buf, "2026-%02d-%02d,Highways and Transport,Supplier number %d Ltd,\"Repairs, batch %d\",%d.%02d,0,Road maintenance,INV-%07d\r\n",
				1+s.i%12, 1+s.i%28, s.i%5000, s.i, 500+s.i%90000, s.i%100, s.i)
		}
		s.i++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// TestValidationMemoryIsFlat checks a million-row spending file (about
// 130 MB) under a 64 MiB memory limit, sampling the live heap while it
// runs: the peak must stay under 16 MiB above the start, whatever the size.
func TestValidationMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	s, _ := TransparencySchema("spending")
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	cw := &countWriter{w: io.Discard}
	rep, err := ValidateCSV(s, &spendingRows{n: 1_000_000}, cw)
	close(stop)
	<-done
	if err != nil || !rep.Valid() || rep.Rows != 1_000_000 {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	grew := int64(peak.Load()) - int64(base.HeapAlloc)
	t.Logf("1,000,000 rows, %d MB written; heap peak %.1f MB above the start", cw.n>>20, float64(grew)/(1<<20))
	if grew > 16<<20 {
		t.Errorf("heap grew by %d bytes checking a %d-byte file", grew, cw.n)
	}
}

// TestTransparencyCSVWNames: each Code dataset's CSVW column names are
// URI template variables, unique within the table, and its titles are the
// header cells the file must have.
func TestTransparencyCSVWNames(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	for _, id := range TransparencyIDs() {
		s, _ := TransparencySchema(id)
		d := transparencyDataset(id, s, Publication{})
		meta := d.CSVWMetadata("http://example/"+id+".csv", "Council", time.Time{})
		seen := map[string]bool{}
		for i, c := range meta["tableSchema"].(map[string]any)["columns"].([]map[string]any) {
			name := c["name"].(string)
			if !valid.MatchString(name) || seen[name] {
				t.Errorf("%s column %d: name %q", id, i+1, name)
			}
			seen[name] = true
			if c["titles"] != s.Fields[i].Name {
				t.Errorf("%s column %d: titles %q", id, i+1, c["titles"])
			}
		}
	}
	if got := csvwName("Recipient Org:Identifier"); got != "recipient_org_identifier" {
		t.Errorf("csvwName: %q", got)
	}
}
