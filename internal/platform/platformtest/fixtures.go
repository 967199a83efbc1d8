package platformtest

import (
	"embed"
	"io/fs"
	"path"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/services"
)

// fixtures are the service definitions tests share, one file each, so
// that a test names the services it needs instead of repeating YAML.
//
//go:embed testdata/services/*.yaml
var fixtures embed.FS

// definitions is the folder New loads: the named fixtures, the bundled
// services named by bundledIDs, and, when bundled is set or nothing is
// named, every bundled service.
func definitions(tb testing.TB, bundled bool, names []string, bundledIDs ...string) fs.FS {
	tb.Helper()
	dir := fstest.MapFS{}
	if bundled || len(names)+len(bundledIDs) == 0 {
		copyYAML(tb, dir, services.FS, ".")
	}
	for _, id := range bundledIDs {
		b, err := fs.ReadFile(services.FS, id+".yaml")
		if err != nil {
			tb.Fatalf("platformtest: no bundled service %q: %v", id, err)
		}
		dir[id+".yaml"] = &fstest.MapFile{Data: b}
	}
	for _, name := range names {
		dir["fixture-"+name+".yaml"] = &fstest.MapFile{Data: Fixture(tb, name)}
	}
	return dir
}

// Fixture is the text of one shared definition, for tests of the
// definition language itself.
func Fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := fixtures.ReadFile(path.Join("testdata/services", name+".yaml"))
	if err != nil {
		tb.Fatalf("platformtest: no fixture %q: %v", name, err)
	}
	return b
}

func copyYAML(tb testing.TB, dst fstest.MapFS, src fs.FS, dir string) {
	tb.Helper()
	names, err := fs.Glob(src, path.Join(dir, "*.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(src, n)
		if err != nil {
			tb.Fatal(err)
		}
		dst[path.Base(n)] = &fstest.MapFile{Data: b}
	}
}

// FixturesFS is the folder of shared definitions.
func FixturesFS() fs.FS {
	sub, err := fs.Sub(fixtures, "testdata/services")
	if err != nil {
		panic(err) // the folder is embedded: only a broken build lacks it
	}
	return sub
}
