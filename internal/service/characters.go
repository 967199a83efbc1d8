package service

import (
	"strings"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// Characters no answer, name or file name may hold.
//
// Control characters (NUL above all: PostgreSQL cannot store it) and bytes
// that are not UTF-8 are refused everywhere; tab and line breaks are allowed.
//
// Bidirectional formatting characters that re-order what follows them — the
// embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 —
// are refused too: they make "gpj.exe" read as "exe.jpg" and a name read
// as another (Trojan Source, CVE-2021-42574). Text in Arabic, Hebrew or Urdu
// does not need them: the Unicode bidirectional algorithm orders it. The
// marks U+200E, U+200F and U+061C are allowed: some keyboards type them,
// and they can only nudge punctuation, never re-order letters.

// Character problems CharacterProblem reports.
const (
	ProblemControl = "control"
	ProblemBidi    = "bidi"
)

// CharacterProblem reports why s cannot be stored as text: ProblemControl
// (a NUL or other control character, or bytes that are not UTF-8),
// ProblemBidi (a bidirectional override, embedding or isolate), or "".
func CharacterProblem(s string) string {
	bidi := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			return ProblemControl
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7F, r >= 0x80 && r <= 0x9F:
			return ProblemControl
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			bidi = true
		}
	}
	if bidi {
		return ProblemBidi
	}
	return ""
}

// CharacterMessage is the GOV.UK error message for a character problem in
// the field people know as label ("Full name"), or "" for no problem.
func CharacterMessage(problem, label string) string {
	return CharacterMessageIn(lang.English, problem, label)
}

// CharacterMessageIn is CharacterMessage in language l, for a field the
// platform asks itself (not a service's question) on a resident's page.
func CharacterMessageIn(l lang.Tag, problem, label string) string {
	return characterMessage(&Question{Label: label, lang: l}, problem)
}

// characterMessage is the message for a problem in q, in q's language.
func characterMessage(q *Question, problem string) string {
	switch problem {
	case ProblemControl:
		return say(q, "%s must not include hidden control characters", thing(q.Label))
	case ProblemBidi:
		return say(q, "%s must not include characters that change the direction of text", thing(q.Label))
	}
	return ""
}

// checkCharacters refuses a question's fields (its id, or id-part for a
// date, address or location) that hold a character CharacterProblem names.
// It runs before anything else reads them, for the pages, the API and
// Open311 alike.
func checkCharacters(q *Question, form Form) FieldErrors {
	for k, vs := range form {
		if k != q.ID && !strings.HasPrefix(k, q.ID+"-") {
			continue
		}
		for _, v := range vs {
			if p := CharacterProblem(v); p != "" {
				return FieldErrors{{k, characterMessage(q, p)}}
			}
		}
	}
	return nil
}
