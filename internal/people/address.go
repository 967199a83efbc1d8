package people

import (
	"strings"
	"unicode"
)

// NormalisePostcode returns a UK postcode in upper case with one space
// before the inward code ("sw1a1aa" → "SW1A 1AA"), and whether it has the
// shape of a postcode.
func NormalisePostcode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	c := b.String()
	if len(c) < 5 || len(c) > 7 {
		return strings.TrimSpace(strings.ToUpper(s)), false
	}
	out := c[:len(c)-3] + " " + c[len(c)-3:]
	return out, postcodeShape(out)
}

// postcodeShape checks outward "A9", "A99", "AA9", "AA99", "A9A", "AA9A"
// then inward "9AA".
func postcodeShape(p string) bool {
	out, in, ok := strings.Cut(p, " ")
	if !ok || len(in) != 3 || !isDigit(in[0]) || !isLetter(in[1]) || !isLetter(in[2]) {
		return false
	}
	if len(out) < 2 || len(out) > 4 || !isLetter(out[0]) {
		return false
	}
	i := 1
	if isLetter(out[i]) {
		i++
	}
	if i >= len(out) || !isDigit(out[i]) {
		return false
	}
	rest := out[i+1:]
	return rest == "" || (len(rest) == 1 && (isDigit(rest[0]) || isLetter(rest[0])))
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// abbreviations expand the common short forms of street types and
// secondary-address words, so "12 High St" and "12 High Street" agree.
var abbreviations = map[string]string{
	"rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close",
	"cres": "crescent", "cresc": "crescent", "dr": "drive", "gdns": "gardens",
	"gr": "grove", "gro": "grove", "pl": "place", "sq": "square", "ter": "terrace",
	"terr": "terrace", "ct": "court", "pk": "park", "hse": "house", "wy": "way",
	"bldgs": "buildings", "mws": "mews", "pde": "parade", "hts": "heights",
	"apartment": "flat", "apt": "flat", "flt": "flat", "appartment": "flat",
	"no": "", "number": "",
}

// NormaliseAddressLine puts typed address text in one canonical form for
// matching: lower case, punctuation dropped, abbreviations expanded ("Rd" →
// "road"; "St" → "street" at the end of a line and "saint" before a name),
// flat/apartment forms unified ("Apt 2", "Flat2" → "flat 2"), and a house
// number's letter joined to it ("12 a" → "12a").
func NormaliseAddressLine(s string) string {
	var out []string
	for _, part := range splitLines(s) {
		out = append(out, expandWords(words(part))...)
	}
	return strings.Join(joinSuffixes(out), " ")
}

// splitLines splits on commas and newlines: "St" ends a line before a comma.
func splitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
}

// words lower-cases s and splits it into words of letters and digits,
// separating a leading "flat" glued to a number ("flat2").
func words(s string) []string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\'' || r == '’' || r == '.':
			return -1 // "St. Mary's" → "st marys"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		}
		return ' '
	}, s)
	var ws []string
	for _, w := range strings.Fields(s) {
		for _, prefix := range []string{"flat", "apt", "apartment", "unit"} {
			if rest, ok := strings.CutPrefix(w, prefix); ok && rest != "" && isDigit(rest[0]) {
				ws = append(ws, prefix)
				w = rest
				break
			}
		}
		ws = append(ws, w)
	}
	return ws
}

// expandWords expands the abbreviations of one line.
func expandWords(ws []string) []string {
	var out []string
	for i, w := range ws {
		if w == "st" {
			if i == len(ws)-1 {
				w = "street"
			} else {
				w = "saint"
			}
		} else if long, ok := abbreviations[w]; ok {
			w = long
		}
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// joinSuffixes joins a single letter after a house number to it ("12 a" →
// "12a"), across line breaks too, so that normalising twice changes nothing.
func joinSuffixes(ws []string) []string {
	var out []string
	for _, w := range ws {
		if len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' && len(out) > 0 && allDigits(out[len(out)-1]) {
			out[len(out)-1] += w
			continue
		}
		out = append(out, w)
	}
	return out
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// numbers returns the words of a normalised line that hold digits: house
// and flat numbers must agree for two addresses to be the same place.
func numbers(norm string) []string {
	var ns []string
	for _, w := range strings.Fields(norm) {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			ns = append(ns, w)
		}
	}
	return ns
}
