package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/guildhall-platform/guildhall"

// sharedBeneath are the packages a pure library may import: the error kinds
// and the languages (the definition language's validation messages are
// written in Welsh as well as English).
var sharedBeneath = map[string]bool{module + "/internal/fault": true, module + "/internal/lang": true}

// pure libraries import nothing of ours except those shared beneath them.
var pure = map[string]string{
	"internal/service": "the definition language is a library other tools embed",
	"internal/workday": "statutory clocks are a library with their own tests",
	"internal/linkage": "record linkage is pure functions, usable without the platform",
	"internal/fault":   "the error kinds sit beneath everything",
	"internal/csvsafe": "every CSV writer shares it, so it depends on nothing",
	"internal/geo":     "map geometry is a library with its own tests",
	"internal/lang":    "the languages sit beneath everything that speaks to residents",
	"internal/photo":   "cleaning a photo is pixels in, pixels out",
}

// domain packages must not reach for the database or the web. Only packages
// that exist are named (TestListedPackagesExist).
var domain = []string{
	"internal/access", "internal/cases", "internal/people", "internal/audit", "internal/auth",
	"internal/notify", "internal/jobs", "internal/webhooks", "internal/triage", "internal/opendata",
	"internal/records", "internal/statistics", "internal/search",
}

// webAreas are the areas of the web; none imports another, so each can be
// read and changed alone. What they share (errors, gates such as
// RequireStaff, rendering) lives in internal/web.
var webAreas = []string{
	"internal/web/frontdoor", "internal/web/workspace", "internal/web/api", "internal/web/open311",
	"internal/web/scim", "internal/web/account", "internal/web/singleview", "internal/web/integrations",
	"internal/web/records", "internal/web/opendata",
	"internal/web/advice", "internal/web/dashboard",
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
			if why, ok := pure[rel]; ok && strings.HasPrefix(imp, module+"/") && !sharedBeneath[imp] {
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

// TestPolicyApartFromIdentity: the access policy imports nothing of ours but
// the service definitions, and no domain package but auth imports auth, so
// deciding who may see a case never pulls in sign-in, OIDC or WebAuthn.
func TestPolicyApartFromIdentity(t *testing.T) {
	for _, p := range list(t) {
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			irel := strings.TrimPrefix(imp, module+"/")
			if rel == "internal/access" && irel != "internal/service" {
				t.Errorf("internal/access imports %s: the policy depends only on the service definitions", irel)
			}
			if isDomain(rel) && rel != "internal/auth" && irel == "internal/auth" {
				t.Errorf("%s imports internal/auth: domain packages ask the policy (internal/access), not identity", rel)
			}
		}
	}
}

// TestWebAsksTheDomain: no package of the web imports the store (handlers
// ask the domain, which holds the only way to the data), and no area of the
// web imports another area.
func TestWebAsksTheDomain(t *testing.T) {
	for _, p := range list(t) {
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		if rel != "internal/web" && !strings.HasPrefix(rel, "internal/web/") {
			continue
		}
		own := areaOf(rel)
		for _, imp := range p.Imports {
			irel := strings.TrimPrefix(imp, module+"/")
			if irel == "internal/store" || strings.HasPrefix(irel, "internal/store/") {
				t.Errorf("%s imports %s: the web asks the domain, never the store", rel, irel)
			}
			if other := areaOf(irel); other != "" && other != own {
				t.Errorf("%s imports %s: areas of the web do not import each other; move what they share into internal/web", rel, irel)
			}
		}
	}
}

// areaOf is the web area rel belongs to, or "".
func areaOf(rel string) string {
	for _, a := range webAreas {
		if rel == a || strings.HasPrefix(rel, a+"/") {
			return a
		}
	}
	return ""
}

// TestListedPackagesExist: a rule about a package that does not exist guards
// nothing and misleads the reader.
func TestListedPackagesExist(t *testing.T) {
	have := map[string]bool{}
	for _, p := range list(t) {
		have[strings.TrimPrefix(p.ImportPath, module+"/")] = true
	}
	listed := append(append([]string{}, domain...), webAreas...)
	for rel := range pure {
		listed = append(listed, rel)
	}
	for rel, importers := range wiring {
		listed = append(append(listed, rel), importers...)
	}
	for _, rel := range listed {
		if !have[rel] {
			t.Errorf("archtest names %s, which does not exist", rel)
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

// modelOnly are the AI packages that must run on the council's machine
// alone: they import nothing of ours but the service definitions, the
// language catalogue (standard library only: it marks their messages for
// translation) and each other, and no
// networking, so no resident's text can leave through them.
var modelOnly = map[string]bool{"internal/triage": true, "internal/advice": true}

// TestModelsStayLocal: see modelOnly.
func TestModelsStayLocal(t *testing.T) {
	for _, p := range list(t) {
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		if !modelOnly[rel] {
			continue
		}
		for _, imp := range p.Imports {
			irel, ours := strings.CutPrefix(imp, module+"/")
			if (ours && irel != "internal/service" && irel != "internal/lang" && !modelOnly[irel]) || strings.HasPrefix(imp, "net") {
				t.Errorf("%s imports %s: the models depend only on the service definitions and never reach the network", rel, imp)
			}
		}
	}
}

// wiring is the one package that wires the platform, and who may import
// it: serve, the test harness that starts what serve starts, and the load
// command that measures what serve runs. Anything else importing it would
// be a second place where the platform is put together, or a domain package
// reaching up to the top of the graph.
var wiring = map[string][]string{
	"internal/platform":              {"cmd/guildhall", "internal/platform/platformtest", "bench/frontdoor"},
	"internal/platform/platformtest": {},
}

// TestOneWiring: only serve and the harness import the wiring; tests import
// the harness (go list leaves test files out, so no package may).
func TestOneWiring(t *testing.T) {
	for _, p := range list(t) {
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		for _, imp := range p.Imports {
			allowed, guarded := wiring[strings.TrimPrefix(imp, module+"/")]
			if guarded && !slices.Contains(allowed, rel) {
				t.Errorf("%s imports %s: the platform is wired in one place (serve) and started by tests through platformtest", rel, imp)
			}
		}
	}
}
