package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// markdownLink matches [text](target), the only link form the docs use.
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// machinePath matches paths that only exist on a developer's machine or in
// the notes beside the repository, which a council's clone does not have.
var machinePath = regexp.MustCompile("(^|[\\s\"'(=`])(/work/|/home/|/root/|\\.\\./shared/)")

// TestDocsLinkOnlyInsideTheRepository: a council reads README and docs/ from
// its own clone, so every link must resolve to a file in it, and no text may
// send the reader to a path on the machine the docs were written on.
func TestDocsLinkOnlyInsideTheRepository(t *testing.T) {
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "README.md"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, f)
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range markdownLink.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				if strings.Contains(target, "://") {
					t.Errorf("%s:%d: links outside the repository: %s", rel, i+1, target)
					continue
				}
				target, _, _ = strings.Cut(target, "#")
				abs := filepath.Clean(filepath.Join(filepath.Dir(f), target))
				if !strings.HasPrefix(abs, root+string(filepath.Separator)) {
					t.Errorf("%s:%d: link leaves the repository: %s", rel, i+1, m[1])
				} else if _, err := os.Stat(abs); err != nil {
					t.Errorf("%s:%d: link to a missing file: %s", rel, i+1, m[1])
				}
			}
			if machinePath.MatchString(line) {
				t.Errorf("%s:%d: names a path on a developer's machine: %s", rel, i+1, strings.TrimSpace(line))
			}
		}
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("repository root not found from %s", dir)
	}
	return dir
}
