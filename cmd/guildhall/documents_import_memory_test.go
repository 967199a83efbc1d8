package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// TestDocumentsImportMemoryIsFlat imports a folder of N documents and one
// of 10 N through the real sub-command, under a soft memory limit, and
// compares the peak heap of the two: an import that held its rows, its
// rejects or its files would grow with the manifest. N is
// GUILDHALL_TEST_DOCUMENT_ROWS (default 100; each file is 16 KB of text,
// extracted and indexed like an upload).
func TestDocumentsImportMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a thousand documents")
	}
	n := 100
	if v, err := strconv.Atoi(os.Getenv("GUILDHALL_TEST_DOCUMENT_ROWS")); err == nil && v > 0 {
		n = v
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	small := peakHeapOfDocumentsImport(t, n)
	large := peakHeapOfDocumentsImport(t, 10*n)
	t.Logf("peak heap: %d documents %.1f MB, %d documents %.1f MB", n, mb(small), 10*n, mb(large))
	// 9 N rows of 16 KB files held would be 14 MB at N = 100; a tenth of
	// a file per row held would still pass 1.4 MB. Allow 4 MB of noise.
	if growth := int64(large) - int64(small); growth > 4<<20 {
		t.Errorf("peak heap grew by %.1f MB from %d to %d documents: the import holds rows", mb(uint64(growth)), n, 10*n)
	}
}

func peakHeapOfDocumentsImport(t *testing.T, n int) uint64 {
	t.Helper()
	dir := t.TempDir()
	manifest := writeDocumentFolder(t, dir, n)
	getenv := func(k string) string {
		if k == "GUILDHALL_DATA" {
			return filepath.Join(dir, "data")
		}
		return ""
	}
	var out, errs bytes.Buffer
	var err error
	peak := peakHeapDuring(func() {
		err = runDocumentsImport(context.Background(), []string{"--team", "planning", manifest}, getenv, &out, &errs)
	})
	if code, ok := err.(exitError); !ok || code != 1 { // rows were rejected
		t.Fatalf("import of %d documents: %v\n%s", n, err, errs.String())
	}
	// One row in ten names a missing file: rejects are reported, not kept.
	want := fmt.Sprintf("Imported %d documents from manifest.csv; %d rows rejected.\n", n-n/10, n/10)
	if !strings.HasSuffix(out.String(), want) || strings.Count(out.String(), "\n") != n/10+1 {
		t.Fatalf("import of %d documents said %q, want %d rejects and %q", n, out.String(), n/10, want)
	}
	return peak
}

// writeDocumentFolder writes n files of 16 KB and their manifest, streamed.
func writeDocumentFolder(t *testing.T, dir string, n int) string {
	t.Helper()
	page := strings.Repeat("Minutes of the planning committee: the application for the depot on Mill Lane was approved. ", 180)[:16<<10]
	p := filepath.Join(dir, "manifest.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("file,title,class,classification,date\n")
	for i := range n {
		name := fmt.Sprintf("doc%06d.txt", i)
		if i%10 != 9 {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("Item %d. %s", i, page)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Fprintf(w, "%s,Committee paper %d,1.1.1,OFFICIAL,2024-%02d-%02d\n", name, i, i%12+1, i%28+1)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}
