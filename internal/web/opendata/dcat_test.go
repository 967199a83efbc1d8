package opendata_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// python finds a Python 3 with rdflib (Debian's python3-rdflib), or skips;
// GUILDHALL_TEST_RDFLIB=required (set in CI) fails instead.
func python(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import rdflib").Run() == nil {
			return py
		}
	}
	if os.Getenv("GUILDHALL_TEST_RDFLIB") == "required" {
		t.Fatal("python3 with rdflib is required (apt-get install python3-rdflib)")
	}
	t.Skip("no python3 with rdflib; install python3-rdflib")
	return ""
}

// The DCAT catalogue is read by rdflib, a parser Guildhall did not write:
// both serialisations parse to the same graph with every dataset described.
func TestDCATParsesWithRDFLib(t *testing.T) {
	py := python(t)
	e := newEnv(t)
	dir := t.TempDir()
	for name, path := range map[string]string{"catalog.ttl": "/open-data/catalog.ttl", "catalog.jsonld": "/open-data/catalog.jsonld"} {
		res, body := e.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(py, "testdata/dcat_check.py", filepath.Join(dir, "catalog.ttl"), filepath.Join(dir, "catalog.jsonld"), "4").CombinedOutput()
	if err != nil {
		t.Fatalf("rdflib: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "triples=") || len(lines) > 1 && strings.TrimSpace(lines[0]) != "" {
		t.Errorf("rdflib found problems:\n%s", out)
	}
	t.Logf("rdflib: %s", lines[len(lines)-1])
}
