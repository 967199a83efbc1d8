package cases

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// messageUse is where this package writes a message to a resident: through
// the catalogue directly or through a say helper built on it.
var messageUse = regexp.MustCompile(`(?:\bsay\(|messages\.Sprintf\([^,]+, )"((?:[^"\\]|\\.)*)"`)

// TestEveryResidentMessageHasWelsh fails for a message the platform sends
// residents without its Welsh, and for a Welsh entry nothing sends.
func TestEveryResidentMessageHasWelsh(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	var used []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "messages_cy.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range messageUse.FindAllStringSubmatch(string(src), -1) {
			s, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("%s: %q: %v", f, m[1], err)
			}
			used = append(used, s)
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d messages; has the way they are written changed?", len(used))
	}
	for _, m := range messages.Missing(used) {
		t.Errorf("no Welsh for %q", m)
	}
	for en := range messages {
		if !slices.Contains(used, en) {
			t.Errorf("the Welsh catalogue has %q, which nothing sends", en)
		}
	}
}
