package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The parts of a template that are not text a person reads: actions
// (each becomes a NUL, which a tag or attribute value may hold), comments,
// scripts and styles.
var (
	templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	scriptOrStyle  = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	htmlTag        = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlEntity     = regexp.MustCompile(`&#?\w+;`)
	// readAttr is an attribute whose value a person reads or hears, or a
	// data- attribute holding a sentence that a script shows.
	readAttr = regexp.MustCompile(`(?is)\b(alt|title|aria-label|aria-description|placeholder|label)="([^"]*)"|\bdata-[\w-]+="([^"]*\s[^"]*)"`)
	// identifier is a name written in code (a cookie's), not prose.
	identifier = regexp.MustCompile(`^[\w-]+_[\w-]+$`)
	// untranslatedValue is a literal a template gives a partial to show as
	// it is (the panel's title): it must be (t "…") instead.
	untranslatedValue = regexp.MustCompile(`"(Title|Heading|Hint|Label|Caption)" "([^"]*)"`)
)

// rawText returns the text a template writes itself, outside any action:
// English that {{t}} cannot translate. Text in the readable attributes
// counts as well as the text between tags.
func rawText(src string) []string {
	var found []string
	for _, m := range untranslatedValue.FindAllStringSubmatch(src, -1) {
		found = append(found, words(m[2])...)
	}
	s := templateAction.ReplaceAllString(src, "\x00")
	s = scriptOrStyle.ReplaceAllString(s, "\x00")
	for _, m := range readAttr.FindAllStringSubmatch(s, -1) {
		found = append(found, words(m[2]+m[3])...)
	}
	s = htmlTag.ReplaceAllString(s, "\x00")
	s = htmlEntity.ReplaceAllString(s, " ")
	for _, part := range strings.Split(s, "\x00") {
		found = append(found, words(part)...)
	}
	return found
}

// words is part, trimmed, when it holds a letter.
func words(part string) []string {
	part = strings.TrimSpace(part)
	if strings.IndexFunc(part, unicode.IsLetter) < 0 || identifier.MatchString(part) {
		return nil
	}
	return []string{part}
}

// TestNoRawTextInBilingualTemplates fails for any word a resident-facing
// template writes outside {{t}}: in Welsh it would stay English. With
// TestEveryPageMessageHasWelsh (every {{t}} message has its Welsh) it makes
// every template of the bilingual areas (all of them, by glob, so a new
// page is covered without being listed) complete in Welsh.
func TestNoRawTextInBilingualTemplates(t *testing.T) {
	checked := 0
	for _, pattern := range bilingualTemplates {
		files, _ := filepath.Glob(pattern)
		if len(files) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for _, text := range rawText(string(src)) {
				t.Errorf("%s: %q is written outside {{t}}", f, text)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d templates", checked)
	}
}

// bilingualTemplates are the templates of the pages a resident can reach.
var bilingualTemplates = []string{
	"templates/*.html", "templates/*/*.html", "frontdoor/templates/*.html", "advice/templates/ask*.html",
	"opendata/templates/pages/*.html",
}
