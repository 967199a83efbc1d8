package service

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/golden"
)

// TestUntranslatedTextIsReported: the bundled Welsh services, with every
// cy: block taken out, are reported once for each Welsh text taken (each
// label, hint, item, message, title, state, payment and notification), at
// the file, line and column of its English (golden file, read whole).
func TestUntranslatedTextIsReported(t *testing.T) {
	var report strings.Builder
	kinds := map[string]bool{}
	for _, file := range []string{"missed-bin-collection.yaml", "report-a-pothole.yaml", "resident-parking-permit.yaml"} {
		src, err := os.ReadFile("../../services/" + file)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Parse(file, src)
		if err != nil {
			t.Fatal(err)
		}
		translated := 0
		eachText(full.clone(), func(ptr string, en, cy *string) {
			if *en != "" && *cy != "" {
				translated++
			}
		})
		_, err = Parse(file, withoutWelsh(src))
		var probs *Problems
		if !errors.As(err, &probs) {
			t.Fatalf("%s without its Welsh: %v", file, err)
		}
		reported := 0
		for _, p := range *probs {
			if !strings.Contains(p.Message, "has no Welsh") {
				t.Errorf("%s: unexpected problem %s", file, p)
				continue
			}
			reported++
			kinds[strings.Fields(strings.SplitAfter(p.Message, "but ")[1])[0]] = true
			fmt.Fprintln(&report, p)
		}
		if reported != translated || translated < 15 {
			t.Errorf("%s: %d texts reported, %d were translated", file, reported, translated)
		}
	}
	golden.Check(t, "testdata/untranslated.txt", report.String())
	var got []string
	for k := range kinds {
		got = append(got, k)
	}
	slices.Sort(got)
	if fmt.Sprint(got) != "[body category description hint item label name pattern_message required_message sms subject summary title]" {
		t.Errorf("kinds of text reported: %v", got)
	}
}

// withoutWelsh is a definition's source with every cy: block (a line
// "cy:" and the lines indented under it, or ", cy: {…}" inside a flow
// mapping) taken out.
func withoutWelsh(src []byte) []byte {
	var out []string
	cyAt := -1
	for _, line := range strings.Split(string(src), "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " -"))
		if cyAt >= 0 && (strings.TrimSpace(line) == "" || indent > cyAt) {
			continue
		}
		cyAt = -1
		if m := cyKey.FindStringSubmatch(line); m != nil {
			cyAt = len(m[1])
			continue
		}
		out = append(out, inlineCy.ReplaceAllString(line, ""))
	}
	return []byte(strings.Join(out, "\n"))
}

var (
	cyKey    = regexp.MustCompile(`^(\s*)cy:`)
	inlineCy = regexp.MustCompile(`,\s*cy:\s*\{[^{}]*\}`)
)
