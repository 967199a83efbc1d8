package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/guildhall-platform/guildhall"

// pure libraries import nothing of ours except the shared error kinds.
var pure = map[string]string{
	"internal/service": "the definition language is a library other tools embed",
	"internal/workday": "statutory clocks are a library with their own tests",
	"internal/linkage": "record linkage is pure functions, usable without the platform",
	"internal/fault":   "the error kinds sit beneath everything",
	"internal/csvsafe": "every CSV writer shares it, so it depends on nothing",
}

// domain packages must not reach for the database or the web.
var domain = []string{
	"internal/cases", "internal/people", "internal/records", "internal/opendata",
	"internal/audit", "internal/auth", "internal/notify", "internal/search", "internal/jobs",
	"internal/webhooks",
}

var forbiddenInDomain = map[string]string{
	"database/sql":             "SQL lives only in internal/store",
	module + "/internal/store": "domain packages declare interfaces; store implements them",
	module + "/internal/web":   "the web calls the domain, never the reverse",
}

type pkg struct {
	ImportPath string
	Imports    []string
	Doc        string
	Name       string
}

func list(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestImportDirections(t *testing.T) {
	for _, p := range list(t) {
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		for _, imp := range p.Imports {
			if why, ok := pure[rel]; ok && strings.HasPrefix(imp, module+"/") && imp != module+"/internal/fault" {
				t.Errorf("%s imports %s, but %s", rel, imp, why)
			}
			if !isDomain(rel) {
				continue
			}
			for bad, why := range forbiddenInDomain {
				if imp == bad || strings.HasPrefix(imp, bad+"/") {
					t.Errorf("%s imports %s: %s", rel, imp, why)
				}
			}
			if imp == "net/http" && rel != "internal/notify" && rel != "internal/webhooks" && rel != "internal/auth" {
				// notify, webhooks and auth (OIDC) are outbound HTTP adapters.
				t.Errorf("%s imports net/http: domain packages take no HTTP requests", rel)
			}
		}
	}
}

func isDomain(rel string) bool {
	for _, d := range domain {
		if rel == d {
			return true
		}
	}
	return false
}

func TestEveryPackageHasADocComment(t *testing.T) {
	for _, p := range list(t) {
		if p.Name != "main" && strings.TrimSpace(p.Doc) == "" {
			t.Errorf("%s has no package doc comment", p.ImportPath)
		}
	}
}
