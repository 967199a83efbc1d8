package lang

import (
	"strconv"
	"strings"
)

// Tag is a language, as its BCP 47 tag: "en" or "cy".
type Tag string

// The languages Guildhall speaks to residents.
const (
	English Tag = "en"
	Welsh   Tag = "cy"
)

// All is every language, English (the default) first.
var All = []Tag{English, Welsh}

// Parse returns the language a tag names ("cy", "cy-GB", "EN"), and false
// for a language Guildhall does not speak.
func Parse(s string) (Tag, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	switch Tag(base) {
	case English:
		return English, true
	case Welsh:
		return Welsh, true
	}
	return English, false
}

// Or returns t, or English when t is empty or unknown: a case recorded
// before languages were, or a value from an old cookie.
func (t Tag) Or() Tag {
	if p, ok := Parse(string(t)); ok {
		return p
	}
	return English
}

// Name is the language's name in itself, as a language switch shows it.
func (t Tag) Name() string {
	if t == Welsh {
		return "Cymraeg"
	}
	return "English"
}

// Other is the language a switch offers: Welsh from English, and back.
func (t Tag) Other() Tag {
	if t == Welsh {
		return English
	}
	return Welsh
}

// FromAcceptLanguage picks the language a browser prefers, by the weights
// of its Accept-Language header ("cy, en-GB;q=0.8"); English when it names
// neither. Ties go to the language listed first.
func FromAcceptLanguage(header string) Tag {
	best, bestQ := English, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		t, ok := Parse(tag)
		if !ok {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if q > bestQ && q > 0 {
			best, bestQ = t, q
		}
	}
	return best
}
