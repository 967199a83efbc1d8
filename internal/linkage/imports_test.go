package linkage

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPureImports keeps the package a pure library: nothing from the rest of
// Guildhall (the platform calls it, never the reverse) and no database.
func TestPureImports(t *testing.T) {
	forbidden := map[string]string{
		"github.com/guildhall-platform/guildhall/internal/": "linkage is a pure library; domain packages import it",
		"database/sql": "linkage works on values in memory; storage belongs to internal/store",
		"net/http":     "linkage does no I/O beyond reading a CSV it is given",
	}
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for bad, why := range forbidden {
				if strings.HasPrefix(path, bad) {
					t.Errorf("%s imports %s: %s", name, path, why)
				}
			}
		}
	}
}
