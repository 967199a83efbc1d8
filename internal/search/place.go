package search

import (
	"strings"
	"unicode"
)

// placeWords say "somewhere around here" and mean nothing else: they are
// dropped from the words searched when a postcode is given.
var placeWords = map[string]bool{"near": true, "nearby": true, "around": true, "by": true, "close": true, "postcode": true}

// splitPostcode finds a full UK postcode written in text, as one word
// ("CB12AB") or two ("CB1 2AB"), and returns the text without it (nor the
// words that only said "near") and the postcode as written; "" when there
// is none. isPostcode decides what a postcode is.
func splitPostcode(text string, isPostcode func(string) bool) (rest, postcode string) {
	words := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	for i := range words {
		for n := 2; n >= 1; n-- {
			if i+n > len(words) {
				continue
			}
			if cand := strings.Join(words[i:i+n], " "); isPostcode(cand) {
				kept := append(append([]string{}, words[:i]...), words[i+n:]...)
				kept = dropPlaceWords(kept)
				return strings.Join(kept, " "), cand
			}
		}
	}
	return text, ""
}

func dropPlaceWords(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if !placeWords[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}
