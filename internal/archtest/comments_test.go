package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// commentMachinePath matches what only a developer's machine has: the notes
// and shared folders beside the repository and home folders. (A bare
// "/work/" is a route in some examples, so only its known folders count.)
var commentMachinePath = regexp.MustCompile(`\.\./shared/|/work/(notes|shared|main|wt)\b|/home/[a-z]|/root/|\bnotes/[\w-]+\.md\b`)

// commentIssue matches a reference to the project's issue tracker ("issue
// 12 §4"), which a council's clone does not have: the comment should say
// the reason itself.
var commentIssue = regexp.MustCompile(`(?i)\bissues? \d+`)

// mdReference matches a Markdown file named in a comment: docs/api.md, README.md.
var mdReference = regexp.MustCompile(`[\w./-]*[\w-]\.md\b`)

// TestCommentsCiteOnlyTheRepository: a comment that sends the reader to a
// document must name one a council's clone has. Notes and standards kept
// beside the repository, or on one developer's machine, leave the next
// engineer with a reference they cannot follow.
func TestCommentsCiteOnlyTheRepository(t *testing.T) {
	root := repoRoot(t)
	mds := markdownFiles(t, root)
	for _, file := range goFiles(t, root) {
		rel, _ := filepath.Rel(root, file)
		for _, c := range comments(t, file) {
			if commentMachinePath.MatchString(c.text) {
				t.Errorf("%s:%d: comment names a path outside the repository: %s", rel, c.line, strings.TrimSpace(c.text))
			}
			if commentIssue.MatchString(c.text) {
				t.Errorf("%s:%d: comment cites an issue, which is not in the repository: %s", rel, c.line, strings.TrimSpace(c.text))
			}
			for _, ref := range mdReference.FindAllString(c.text, -1) {
				if !cited(root, filepath.Dir(file), ref, mds) {
					t.Errorf("%s:%d: comment cites %s, which is not in the repository", rel, c.line, ref)
				}
			}
		}
	}
}

type comment struct {
	line int
	text string
}

// comments are the comments of a Go file, one entry per comment line.
func comments(t *testing.T, file string) []comment {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []comment
	for _, g := range f.Comments {
		for _, c := range g.List {
			line := fset.Position(c.Pos()).Line
			for i, text := range strings.Split(c.Text, "\n") {
				out = append(out, comment{line + i, text})
			}
		}
	}
	return out
}

// cited reports whether ref names a Markdown file of the repository: by
// its path from the root or from the citing file's folder, or by a base
// name that only one place could mean.
func cited(root, dir, ref string, mds map[string]bool) bool {
	for _, p := range []string{filepath.Join(root, ref), filepath.Join(dir, ref)} {
		if _, err := os.Stat(p); err == nil && strings.HasPrefix(filepath.Clean(p), root) {
			return true
		}
	}
	return !strings.Contains(ref, "/") && mds[ref]
}

// goFiles are the repository's Go files, leaving out what it does not own.
func goFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	walk(t, root, func(path string) {
		if strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
	})
	return files
}

// markdownFiles are the base names of the repository's Markdown files.
func markdownFiles(t *testing.T, root string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	walk(t, root, func(path string) {
		if strings.HasSuffix(path, ".md") {
			names[filepath.Base(path)] = true
		}
	})
	return names
}

func walk(t *testing.T, root string, fn func(path string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			fn(path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
