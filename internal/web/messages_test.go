package web

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// The places a resident-facing message is written: {{t "..."}} in a
// template, a button's or back link's "Text", web.T and Messages.Sprintf in
// Go, and the error pages' titles.
var messageUses = []*regexp.Regexp{
	regexp.MustCompile(`\bt "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`"Text" "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`\(or \.Text "((?:[^"\\]|\\.)*)"\)`),
	regexp.MustCompile(`\bT\(r, "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`Messages\.Sprintf\([^,]+, "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`return http\.Status\w+, "((?:[^"\\]|\\.)*)"`),
	navText,
	regexp.MustCompile(`Area\{ServiceName: "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`part\("\w+", "((?:[^"\\]|\\.)*)"`),
	regexp.MustCompile(`fail\("((?:[^"\\]|\\.)*)"\)`),
	regexp.MustCompile(`\blang\.N\("((?:[^"\\]|\\.)*)"\)`),
}

// navText is a navigation item's text, in the front door's routes.
var navText = regexp.MustCompile(`\{Text: "((?:[^"\\]|\\.)*)"`)

// bilingualSources are the files of the pages residents read in Welsh.
var bilingualSources = []string{
	"templates/*.html", "templates/*/*.html", "*.go",
	"frontdoor/templates/*.html", "frontdoor/*.go",
	"../cases/*.go", // messages the domain marks with lang.N, shown by the front door
	"advice/templates/ask*.html", "advice/ask.go", "advice/public.go", "advice/transparency.go",
	"../triage/model.go", "../triage/atrs.go", // a suggestion's reason and the test sets' names
	"opendata/templates/pages/*.html", "opendata/*.go", "../search/index.go",
	"../opendata/performance.go", // the figures' names, marked with lang.N
}

// TestEveryPageMessageHasWelsh fails for a message a resident-facing page
// writes without a Welsh entry in Messages, and for an entry nothing uses.
func TestEveryPageMessageHasWelsh(t *testing.T) {
	var used []string
	for _, pattern := range bilingualSources {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		for _, f := range files {
			if filepath.Ext(f) == ".go" && (f == "messages_cy.go" || f == "doc.go" || regexp.MustCompile(`_test\.go$`).MatchString(f)) {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range messageUses {
				if re == navText && filepath.Dir(f) != "frontdoor" && f != "advice/public.go" && f != "opendata/routes.go" {
					continue // staff navigation is English
				}
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					s, err := strconv.Unquote(`"` + m[1] + `"`)
					if err != nil {
						t.Fatalf("%s: %q: %v", f, m[1], err)
					}
					used = append(used, s)
				}
			}
		}
	}
	slices.Sort(used)
	used = slices.Compact(used)
	if len(used) < 100 {
		t.Fatalf("found only %d messages; has the way pages write them changed?", len(used))
	}
	if missing := Messages.Missing(used); len(missing) > 0 {
		t.Errorf("%d messages without Welsh:\n", len(missing))
		for _, m := range missing {
			t.Logf("\t%q: \"\",", m)
		}
	}
	for en := range Messages {
		if !slices.Contains(used, en) && !extraMessages[en] {
			t.Errorf("Messages has %q, which no page uses", en)
		}
	}
}

// extraMessages are catalogue entries used through a value rather than a
// literal: the phase banner's tag, a notification banner's default titles,
// the council's footer links, and the check page's button, chosen by a
// condition in the template.
var extraMessages = map[string]bool{
	"Accept and send": true, "Accept and pay": true,
	"Alpha": true, "Beta": true, "Success": true, "Important": true,
	"Accessibility": true, "Accessibility statement": true, "Cookies": true, "Privacy": true, "Privacy notice": true,
	"Our performance": true,
	"Contact":         true, "Contact us": true,
}
