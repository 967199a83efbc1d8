package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestImportMemoryIsFlat imports a council tax file of N rows and one of
// N/10 through the real sub-command and compares the peak heap of the two:
// an import that held its rows (as `import` once did, 1.3 KB a row) grows
// with the file; one that streams grows only by its 12-byte-a-row key set.
// N is GUILDHALL_TEST_IMPORT_ROWS (default 50,000; CI's expected council
// file is about 100,000 accounts, and the figure for 1M is in
// docs/performance.md). Every row must be stored.
func TestImportMemoryIsFlat(t *testing.T) {
	n := importSize(t, "GUILDHALL_TEST_IMPORT_ROWS", 50_000, "imports tens of thousands of rows")
	// 16 MB is the growth of 45,000 rows held at 350 bytes each, a quarter
	// of what a held row really costs; the key set adds about 1 MB.
	heapIsFlat(t, "rows", n/10, n, 16<<20, peakHeapOfImport)
}

// importSize is the larger import of a memory test: the number in the
// environment variable name, or def. The test is skipped in -short mode.
func importSize(t *testing.T, name string, def int, why string) int {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// heapIsFlat imports small and then large units with peakOf and fails if
// the peak heap grew by more than allow: an import that held its rows
// grows with the file, one that streams does not.
func heapIsFlat(t *testing.T, unit string, small, large int, allow int64, peakOf func(*testing.T, int) uint64) {
	t.Helper()
	s, l := peakOf(t, small), peakOf(t, large)
	t.Logf("peak heap: %d %s %.1f MB, %d %s %.1f MB", small, unit, mb(s), large, unit, mb(l))
	if growth := int64(l) - int64(s); growth > allow {
		t.Errorf("peak heap grew by %.1f MB from %d to %d %s: the import holds rows", mb(uint64(growth)), small, large, unit)
	}
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// peakHeapDuring runs fn and returns the largest live heap seen while it
// ran, sampled every 20 ms after a collection (the memory tests compare
// the peaks of a small and a large import).
func peakHeapDuring(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

// peakHeapOfImport writes an n-row file, imports it into a fresh data
// folder, checks every row was stored, and returns the peak heap seen.
func peakHeapOfImport(t *testing.T, n int) uint64 {
	t.Helper()
	dir := t.TempDir()
	csvPath := writeCouncilTax(t, dir, n)
	peak, out, errs, err := peakHeapOfCommand(dir, runImport, "--source", "council-tax", "--mapping",
		"../../internal/people/testdata/council-tax.yaml", csvPath)
	if err != nil {
		t.Fatalf("import of %d rows: %v\n%s", n, err, errs)
	}
	want := fmt.Sprintf("council-tax.csv: imported %d records from source council-tax (0 with a UPRN), rejected 0 rows\n", n)
	if out != want {
		t.Fatalf("import of %d rows said %q, want %q", n, out, want)
	}
	return peak
}

// peakHeapOfCommand runs a sub-command on the data folder dir/data and
// returns the peak heap seen, its output, its errors and its error.
func peakHeapOfCommand(dir string, run subcommand, args ...string) (peak uint64, out, errs string, err error) {
	peak = peakHeapDuring(func() {
		out, errs, err = runSub(run, dataIn(filepath.Join(dir, "data")), args...)
	})
	return peak, out, errs, err
}

// writeCouncilTax writes n distinct accounts, streamed to disk.
func writeCouncilTax(t *testing.T, dir string, n int) string {
	t.Helper()
	given := []string{"Margaret", "Thomas", "Aisha", "Dafydd", "Grace", "Oluwaseun", "Siân", "Piotr"}
	family := []string{"Oyelaran", "Pritchard", "Khan", "Jones", "O'Neill", "Nowak", "Evans", "Patel"}
	return writeRows(t, filepath.Join(dir, "council-tax.csv"), "account_ref,forename,surname,dob,email,tel,addr1,addr2,town,postcode,updated\n", n, func(w io.Writer, i int) {
		fmt.Fprintf(w, "CT%07d,%s,%s,%02d/%02d/%d,person%d@example.org,07700 9%05d,%d %s,,Wyvernbury,WV%d %dAB,2026-01-10\n",
			i, given[i%8], strings.ToUpper(family[i/8%8][:1])+family[i/8%8][1:], i%28+1, i%12+1, 1940+i%60, i, i%100000,
			i%300+1, "Mill Lane", i%9+1, i%9+1)
	})
}

// writeRows writes a CSV file of a header and n rows, streamed to disk so
// that a large file costs the test no memory, and returns its path.
func writeRows(t *testing.T, path, header string, n int, row func(w io.Writer, i int)) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(header)
	for i := range n {
		row(w, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
