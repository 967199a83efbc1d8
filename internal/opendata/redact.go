package opendata

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders put in place of what the redactor removes. They say what was
// there so that a reader of the data knows the text was cut, not garbled.
const (
	RedactedName  = "[name removed]"
	RedactedEmail = "[email removed]"
	RedactedPhone = "[phone number removed]"
	RedactedNINO  = "[National Insurance number removed]"
	RedactedDOB   = "[date of birth removed]"
)

const namePart = `[A-Z][\p{L}\-]*(?:'\p{L}{2,}[\p{L}\-]*)?`

var (
	emailRE = regexp.MustCompile(`(?i)[a-z0-9._%+'-]+\s*(?:@|\(at\)|\[at\])\s*[a-z0-9-]+(?:\s*(?:\.|\(dot\))\s*[a-z0-9-]+)+`)
	// UK numbers as people write them: 07700 900123, 07700900123,
	// +44 (0)20 7946 0000, 0044 1632 960 001, 01632-960001. A run of digits
	// and separators is found first and judged by its digits (phoneRun), so
	// that a number written next to other digits goes whole.
	phoneRE = regexp.MustCompile(`(?:\+\s*44|\b0)[\d\s\-()]*\d`)
	// National Insurance numbers: two letters, six digits, A to D; people
	// space them in pairs. Any two letters: the prefixes HMRC never issues
	// (QQ, used in examples) are still what someone wrote as theirs.
	ninoRE = regexp.MustCompile(`(?i)\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b`)
	// Full UK postcodes; the outward code (the part before the space) is
	// kept, as it covers thousands of addresses and locates a report usefully.
	postcodeRE = regexp.MustCompile(`(?i)\b(GIR|[A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})\b`)
	// A date of birth is a date said to be one; other dates ("it has been
	// there since 3 March") are not personal and stay.
	dobRE = regexp.MustCompile(`(?i)\b(d\.?\s?o\.?\s?b\.?|date of birth|born(?: on)?|birthday(?: is)?)(\s*[:\-]?\s*)` +
		`(\d{1,2}(?:st|nd|rd|th)?[\s/.\-]+(?:\d{1,2}|[a-z]{3,9})[\s/.\-,]+\d{2,4}|\d{4}-\d{2}-\d{2}|(?:[a-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}))`)
	// Honorifics followed by a capitalised name: "Mrs Patel", "Dr A. Jones".
	// A name part may hold an apostrophe (O'Neill) but not a possessive 's.
	titleRE = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Cllr|Councillor|Rev|Lady|Lord)\.?\s+(?:[A-Z]\.\s*)*` + namePart + `(?:\s+` + namePart + `)?`)
	// People introduce and sign themselves: "my name is Jo Bloggs",
	// "Regards, Jo Bloggs", "signed: J Bloggs".
	selfRE = regexp.MustCompile(`(?i:\b(my name is|my name's|i am called|this is|regards|thanks|thank you|yours sincerely|yours faithfully|kind regards|best wishes|many thanks|cheers|signed|from)\b)(\s*[,:\-]?\s*)([A-Z][\p{L}'\-]+(?:\s+[A-Z][\p{L}'\-]+){0,2})`)
)

// Redactor removes personal data from free text before it is published:
// the names it is told (the applicant's), email addresses, phone numbers,
// National Insurance numbers, dates of birth, names after a title or in a
// greeting or sign-off, and the inward half of full postcodes. It errs
// towards removing: a published detail cannot be taken back.
type Redactor struct {
	// Names are people known to be in the text, e.g. the applicant's name.
	Names []string
}

// Redact returns text with personal data replaced by placeholders.
func (r Redactor) Redact(text string) string {
	if text == "" {
		return ""
	}
	text = emailRE.ReplaceAllString(text, RedactedEmail)
	text = dobRE.ReplaceAllString(text, "${1}${2}"+RedactedDOB)
	text = ninoRE.ReplaceAllString(text, RedactedNINO)
	text = postcodeRE.ReplaceAllStringFunc(text, outwardCode)
	text = phoneRE.ReplaceAllStringFunc(text, phoneRun)
	text = titleRE.ReplaceAllString(text, RedactedName)
	text = r.redactKnownNames(text)
	text = selfRE.ReplaceAllStringFunc(text, redactIntroduced)
	return text
}

// phoneRun redacts a run of digits that holds at least ten: a UK number has
// ten or eleven, and a longer run may hide one among others. Shorter runs
// ("0 to 5 bags") are kept, with the spaces around them.
func phoneRun(run string) string {
	digits := 0
	for _, c := range run {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	if digits < 10 {
		return run
	}
	return RedactedPhone
}

// outwardCode keeps a postcode's outward code, upper-cased: "cb1 2ab" → "CB1".
func outwardCode(pc string) string {
	m := postcodeRE.FindStringSubmatch(pc)
	return strings.ToUpper(m[1])
}

// redactIntroduced replaces the name after "my name is" or a sign-off,
// unless the words are not a name ("Thanks Council" is kept as a guess
// would cost meaning for nothing: the word list below).
func redactIntroduced(s string) string {
	m := selfRE.FindStringSubmatch(s)
	if notNames[strings.ToLower(strings.Fields(m[3])[0])] {
		return s
	}
	return m[1] + m[2] + RedactedName
}

// notNames are capitalised words that follow "thanks", "from" or "this is"
// without being a person: keeping them keeps the text readable.
var notNames = map[string]bool{
	"the": true, "council": true, "a": true, "an": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true, "january": true, "february": true,
	"march": true, "april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "i": true, "it": true, "we": true, "you": true,
	"there": true, "this": true, "that": true, "highways": true, "road": true, "street": true, "lane": true,
}

// redactKnownNames removes each known name as a whole and each of its
// parts of three letters or more on its own ("Sarah" and "Okafor" from
// "Sarah Okafor"), matched as words regardless of case.
func (r Redactor) redactKnownNames(text string) string {
	var parts []string
	for _, n := range r.Names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		parts = append(parts, n)
		for _, p := range strings.FieldsFunc(n, func(c rune) bool { return unicode.IsSpace(c) || c == ',' }) {
			p = strings.Trim(p, ".")
			if utf8.RuneCountInString(p) >= 3 && !titleWord(p) {
				parts = append(parts, p)
			}
		}
	}
	// Longest first, so "Sarah Okafor" goes as one rather than two.
	slices.SortFunc(parts, func(a, b string) int { return len(b) - len(a) })
	for _, p := range parts {
		text = replaceWord(text, p, RedactedName)
	}
	return collapseRepeats(text)
}

// replaceWord replaces each whole-word, case-insensitive occurrence of word.
// It is hand-written rather than a regexp compiled per name because it runs
// for every row of a dataset, each with its own applicant.
func replaceWord(text, word, with string) string {
	lower, lw := strings.ToLower(text), strings.ToLower(word)
	if len(lower) != len(text) || !strings.Contains(lower, lw) {
		if len(lower) != len(text) { // a letter changed its length when lowered: fall back
			re, err := regexp.Compile(`(?i)\b` + regexp.QuoteMeta(word) + `\b`)
			if err == nil {
				return re.ReplaceAllString(text, with)
			}
		}
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; i+len(lw) <= len(lower); {
		j := strings.Index(lower[i:], lw)
		if j < 0 {
			break
		}
		at := i + j
		end := at + len(lw)
		if wordEdge(lower, at-1, true) && wordEdge(lower, end, false) {
			b.WriteString(text[last:at])
			b.WriteString(with)
			last = end
		}
		i = end
	}
	b.WriteString(text[last:])
	return b.String()
}

// wordEdge reports whether position i (just before or after a match) is
// not inside a word.
func wordEdge(s string, i int, before bool) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
}

func titleWord(w string) bool {
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "cllr", "rev":
		return true
	}
	return false
}

// collapseRepeats turns "[name removed] [name removed]" (a first name and a
// surname removed one by one) into one placeholder.
func collapseRepeats(text string) string {
	double := RedactedName + " " + RedactedName
	for strings.Contains(text, double) {
		text = strings.ReplaceAll(text, double, RedactedName)
	}
	return text
}
