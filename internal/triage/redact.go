package triage

import (
	"regexp"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Patterns for personal data that identify someone on their own. They are
// removed before a text is kept as a training example or sent to a language
// model; names in free text are not found, which docs/ai.md says.
var (
	emailPattern    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	phonePattern    = regexp.MustCompile(`(\+44\s?|\b0)\d(?:[\s\-]?\d){8,9}\b`)
	postcodePattern = regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b`)
	niPattern       = regexp.MustCompile(`(?i)\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b`)
	longNumber      = regexp.MustCompile(`\b\d{6,}\b`)
)

// Redact replaces email addresses, phone numbers, postcodes, National
// Insurance numbers and long account-like numbers with placeholders.
func Redact(text string) string {
	text = emailPattern.ReplaceAllString(text, "[email]")
	text = niPattern.ReplaceAllString(text, "[NI number]")
	text = phonePattern.ReplaceAllString(text, "[phone]")
	text = postcodePattern.ReplaceAllString(text, "[postcode]")
	return longNumber.ReplaceAllString(text, "[number]")
}

// CaseText is what a case says in the submitter's own words, redacted.
func CaseText(def *service.Definition, answers service.Answers) string {
	return Redact(RequestText(def, answers))
}

// RequestText is what a case says in the submitter's own words: its
// long-text answers (the enquiry, the description), as written. Names and
// addresses held in other questions are left out.
func RequestText(def *service.Definition, answers service.Answers) string {
	var parts []string
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if q.Type == service.TypeTextarea && strings.TrimSpace(answers[q.ID].Text) != "" {
				parts = append(parts, answers[q.ID].Text)
			}
		}
	}
	return strings.Join(parts, "\n")
}
