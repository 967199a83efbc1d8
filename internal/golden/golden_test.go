package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// recorder stands in for a test so that Check's verdict can be read.
type recorder struct {
	testing.TB
	errors, fatals []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.txt")
	if err := os.WriteFile(path, []byte("Dear Ms Oyelaran,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, got string
		errors, fatals  int
	}{
		{"the same text passes", path, "Dear Ms Oyelaran,\n", 0, 0},
		{"one character different fails", path, "Dear Ms Oyelaran\n", 1, 0},
		{"a missing file fails", path + ".missing", "Dear Ms Oyelaran,\n", 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tc.path, tc.got)
			if len(r.errors) != tc.errors || len(r.fatals) != tc.fatals {
				t.Errorf("errors %q, fatals %q", r.errors, r.fatals)
			}
		})
	}
}

func TestUpdateWritesWhatWasReceived(t *testing.T) {
	*update = true
	t.Cleanup(func() { *update = false })
	path := filepath.Join(t.TempDir(), "new", "letter.txt")
	Check(t, path, "Dear Ms Oyelaran,\n")
	if b, err := os.ReadFile(path); err != nil || string(b) != "Dear Ms Oyelaran,\n" {
		t.Errorf("after -update: %q, %v", b, err)
	}
}
