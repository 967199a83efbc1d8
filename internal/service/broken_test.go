package service

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wantMarker is how a file in testdata/broken says which problem it expects
// on a line: "# want: <part of the message>", possibly several per line.
const wantMarker = "# want:"

// Expectation is one expected problem: a line of a file and part of its message.
type expectation struct {
	file string
	line int
	text string
}

// BrokenExpectations reads the "# want:" markers of every file in dir.
func brokenExpectations(t testing.TB, dir string) []expectation {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken definitions in %s: %v", dir, err)
	}
	var out []expectation
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(src))
		for n := 1; sc.Scan(); n++ {
			parts := strings.Split(sc.Text(), wantMarker)
			for _, p := range parts[1:] {
				out = append(out, expectation{filepath.Base(f), n, strings.TrimSpace(p)})
			}
		}
	}
	return out
}

// TestBrokenDefinitions checks that every deliberate fault in
// testdata/broken is reported once, on its line, and nothing else is.
func TestBrokenDefinitions(t *testing.T) {
	want := brokenExpectations(t, "testdata/broken")
	_, probs, err := LoadDirAll(os.DirFS("testdata/broken"))
	if err != nil {
		t.Fatal(err)
	}
	matched := make([]bool, len(want))
	for _, p := range probs {
		if p.Line == 0 || p.Col == 0 || p.Hint == "" {
			t.Errorf("problem without a position or hint: %s", p)
		}
		i := slices.IndexFunc(want, func(e expectation) bool {
			return e.file == p.File && e.line == p.Line && strings.Contains(p.Message, e.text)
		})
		if i < 0 || matched[i] {
			t.Errorf("unexpected problem: %s", p)
			continue
		}
		matched[i] = true
	}
	for i, e := range want {
		if !matched[i] {
			t.Errorf("%s:%d: no problem reported containing %q", e.file, e.line, e.text)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("%d problems for %d faults", len(probs), len(want))
	}
}

func TestParseReturnsProblemsAsError(t *testing.T) {
	src, _ := os.ReadFile("testdata/broken/retention.yaml")
	d, err := Parse("retention.yaml", src)
	ps, ok := err.(*Problems)
	if !ok || len(*ps) != 3 {
		t.Fatalf("Parse error = %T %v, want *Problems with 3 problems", err, err)
	}
	if d == nil {
		t.Fatal("a definition with only semantic problems should still be returned for tools")
	}
	first := strings.Split(err.Error(), "\n")[0]
	if want := "retention.yaml:31:1: retention has no trigger (hint: "; !strings.HasPrefix(first, want) {
		t.Fatalf("first line %q, want prefix %q", first, want)
	}
	if _, err := LoadDir(os.DirFS("testdata/broken")); err == nil {
		t.Fatal("LoadDir accepted broken definitions")
	}
}

func TestCheckOnDefinitionsBuiltInGo(t *testing.T) {
	d := &Definition{ID: "x", Source: "x.go", Roles: []string{"officer"},
		Workflow: Workflow{States: []State{{ID: "a", Label: "A"}}}}
	probs := Check([]*Definition{d, d})
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"x.go: no state is marked initial", "x.go: service id 'x' is already used by x.go", "retention has no trigger"} {
		if !strings.Contains(got, want) {
			t.Errorf("Check output lacks %q:\n%s", want, got)
		}
	}
}
