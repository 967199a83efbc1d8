// Package golden compares what a person receives (an email, a letter, a
// CSV file, a page's text) with a file a reviewer has read. Only tests
// import it.
//
//	golden.Check(t, "testdata/golden/acknowledgement.txt", email)
//
// Run the test with -update to rewrite the files from what was received,
// then read the diff before committing it: the file is the assertion.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files from what the tests receive (then read the diff)")

// Updating reports whether the test binary was asked to rewrite the golden files.
func Updating() bool { return *update }

// Check fails t unless got is exactly the content of the file at path. With
// -update it writes got to path (making its folder) instead.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update, then read the file)", err)
		return // for a testing.TB whose Fatalf returns
	}
	if got != string(want) {
		t.Errorf("%s differs from what was received:\n--- received\n%s\n--- golden\n%s", path, got, want)
	}
}
