package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
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
	n := importSize(t, "GUILDHALL_TEST_DOCUMENT_ROWS", 100, "imports a thousand documents")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	// 9 N rows of 16 KB files held would be 14 MB at N = 100; a tenth of
	// a file per row held would still pass 1.4 MB. Allow 4 MB of noise.
	heapIsFlat(t, "documents", n, 10*n, 4<<20, peakHeapOfDocumentsImport)
}

func peakHeapOfDocumentsImport(t *testing.T, n int) uint64 {
	t.Helper()
	dir := t.TempDir()
	manifest := writeDocumentFolder(t, dir, n)
	peak, out, errs, err := peakHeapOfCommand(dir, runDocumentsImport, "--team", "planning", manifest)
	if code, ok := err.(exitError); !ok || code != 1 { // rows were rejected
		t.Fatalf("import of %d documents: %v\n%s", n, err, errs)
	}
	// One row in ten names a missing file: rejects are reported, not kept.
	want := fmt.Sprintf("Imported %d documents from manifest.csv; %d rows rejected.\n", n-n/10, n/10)
	if !strings.HasSuffix(out, want) || strings.Count(out, "\n") != n/10+1 {
		t.Fatalf("import of %d documents said %q, want %d rejects and %q", n, out, n/10, want)
	}
	return peak
}

// writeDocumentFolder writes n files of 16 KB and their manifest, streamed.
func writeDocumentFolder(t *testing.T, dir string, n int) string {
	t.Helper()
	page := strings.Repeat("Minutes of the planning committee: the application for the depot on Mill Lane was approved. ", 180)[:16<<10]
	return writeRows(t, filepath.Join(dir, "manifest.csv"), "file,title,class,classification,date\n", n, func(w io.Writer, i int) {
		name := fmt.Sprintf("doc%06d.txt", i)
		if i%10 != 9 {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("Item %d. %s", i, page)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Fprintf(w, "%s,Committee paper %d,1.1.1,OFFICIAL,2024-%02d-%02d\n", name, i, i%12+1, i%28+1)
	})
}
