package webtest

import (
	"html"
	"regexp"
	"strings"
)

// Untranslated is the text of a Welsh page (cy) that is also on the same
// page in English (en): English left on the Welsh page, unless same says
// it is the same in both languages by nature (a reference, a name, what
// the resident typed), or the Welsh page marks it lang="en" (content
// published only in English, such as a data set's columns, which WCAG's
// language of parts asks to be marked). Text without a word of three
// letters is left out.
func Untranslated(cy, en string, same func(string) bool) []string {
	english := map[string]bool{}
	for _, s := range Readable(en) {
		english[s] = true
	}
	var out []string
	for _, s := range Readable(withoutEnglishParts(cy)) {
		if english[s] && !same(s) && hasWords(s) {
			out = append(out, s)
		}
	}
	return out
}

// withoutEnglishParts is page without its elements marked lang="en".
func withoutEnglishParts(page string) string {
	for _, m := range englishPart.FindAllStringSubmatch(page, -1) {
		whole := regexp.MustCompile(`(?is)<` + m[1] + `\b[^>]*\blang="en"[^>]*>.*?</` + m[1] + `>`)
		page = whole.ReplaceAllString(page, "")
	}
	return page
}

// englishPart is the opening tag of an element marked English.
var englishPart = regexp.MustCompile(`(?i)<(\w+)\b[^>]*\blang="en"`)

// Readable is the text a person reads or hears on a page: between its
// tags and in the attributes spoken or shown, with the form token and
// script dropped.
func Readable(page string) []string {
	page = scriptOrStyle.ReplaceAllString(page, "")
	var out []string
	for _, m := range readAttr.FindAllStringSubmatch(page, -1) {
		out = append(out, strings.TrimSpace(html.UnescapeString(m[2]+m[3])))
	}
	for _, part := range htmlTag.Split(page, -1) {
		if s := strings.TrimSpace(html.UnescapeString(part)); s != "" {
			out = append(out, strings.Join(strings.Fields(s), " "))
		}
	}
	return out
}

var (
	scriptOrStyle = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	htmlTag       = regexp.MustCompile(`(?s)<[^>]*>`)
	readAttr      = regexp.MustCompile(`(?is)\b(alt|title|aria-label|placeholder)="([^"]*)"|\bdata-[\w-]+="([^"]*\s[^"]*)"`)
	word          = regexp.MustCompile(`\pL{3,}`)
	// notProse is a reference number or a name written in code.
	notProse = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$|^[\w-]+_[\w-]+$`)
)

// hasWords reports whether s has a word of three letters or more: text to
// translate, not a number, a reference or punctuation.
func hasWords(s string) bool { return word.MatchString(s) && !notProse.MatchString(s) }
