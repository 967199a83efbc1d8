package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
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
	if testing.Short() {
		t.Skip("imports tens of thousands of rows")
	}
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_TEST_IMPORT_ROWS")); err == nil && v > 0 {
		n = v
	}
	small := peakHeapOfImport(t, n/10)
	large := peakHeapOfImport(t, n)
	t.Logf("peak heap: %d rows %.1f MB, %d rows %.1f MB", n/10, mb(small), n, mb(large))
	// 16 MB is the growth of 45,000 rows held at 350 bytes each, a quarter
	// of what a held row really costs; the key set adds about 1 MB.
	if growth := int64(large) - int64(small); growth > 16<<20 {
		t.Errorf("peak heap grew by %.1f MB from %d to %d rows: the import holds rows", mb(uint64(growth)), n/10, n)
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
	getenv := func(k string) string {
		if k == "GUILDHALL_DATA" {
			return filepath.Join(dir, "data")
		}
		return ""
	}
	var out, errs bytes.Buffer
	var err error
	peak := peakHeapDuring(func() {
		err = runImport(context.Background(), []string{"--source", "council-tax", "--mapping",
			"../../internal/people/testdata/council-tax.yaml", csvPath}, getenv, &out, &errs)
	})
	if err != nil {
		t.Fatalf("import of %d rows: %v\n%s", n, err, errs.String())
	}
	want := fmt.Sprintf("council-tax.csv: imported %d records from source council-tax (0 with a UPRN), rejected 0 rows\n", n)
	if out.String() != want {
		t.Fatalf("import of %d rows said %q, want %q", n, out.String(), want)
	}
	return peak
}

// writeCouncilTax writes n distinct accounts, streamed to disk.
func writeCouncilTax(t *testing.T, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "council-tax.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("account_ref,forename,surname,dob,email,tel,addr1,addr2,town,postcode,updated\n")
	given := []string{"Margaret", "Thomas", "Aisha", "Dafydd", "Grace", "Oluwaseun", "Siân", "Piotr"}
	family := []string{"Oyelaran", "Pritchard", "Khan", "Jones", "O'Neill", "Nowak", "Evans", "Patel"}
	for i := range n {
		fmt.Fprintf(w, "CT%07d,%s,%s,%02d/%02d/%d,person%d@example.org,07700 9%05d,%d %s,,Wyvernbury,WV%d %dAB,2026-01-10\n",
			i, given[i%8], strings.ToUpper(family[i/8%8][:1])+family[i/8%8][1:], i%28+1, i%12+1, 1940+i%60, i, i%100000,
			i%300+1, "Mill Lane", i%9+1, i%9+1)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}
