package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
)

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+441234", "'+441234"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"=", "'="},
		{"", ""},
		{"Jane Smith", "Jane Smith"},
		{"2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z"},
		{"a=b", "a=b"},
		{" =1", " =1"}, // a leading space is not a formula in any of the three spreadsheets
		{"'quoted", "'quoted"},
		{"{\"ip\":\"192.0.2.1\"}", "{\"ip\":\"192.0.2.1\"}"},
	}
	for _, tt := range tests {
		if got := csvsafe.Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	if err := w.Write([]string{"seq", "=1+1", "@x", "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"2", "-3", "+4", "\"=quoted\""}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"seq", "'=1+1", "'@x", "ok"}, {"2", "'-3", "'+4", "\"=quoted\""}}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d cell %d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
}

// TestEveryCSVWriterIsSafe: no platform code writes CSV except through this
// package, so a new export cannot forget to neutralise formulas.
func TestEveryCSVWriterIsSafe(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(filepath.Dir(path)) == "csvsafe" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			t.Errorf("%s writes CSV with encoding/csv: use csvsafe.NewWriter", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
