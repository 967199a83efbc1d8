package service

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Result is one service found by Search, with its score (higher is better).
type Result struct {
	Service *Definition
	Score   float64
}

// Field weights: a hit on the name says more than one on the summary.
const (
	weightName    = 10
	weightKeyword = 6
	weightSummary = 2
)

// Match qualities, multiplied by the field weight.
const (
	exactMatch  = 1.0
	typoMatch   = 0.7
	prefixMatch = 0.5
)

type indexed struct {
	def    *Definition
	fields [3]struct {
		weight float64
		words  []string
	}
}

func indexDefinition(d *Definition) indexed {
	ix := indexed{def: d}
	texts := SearchTexts(d)
	ix.fields[0].weight, ix.fields[0].words = weightName, tokens(texts[0])
	ix.fields[1].weight, ix.fields[1].words = weightKeyword, tokens(texts[1])
	ix.fields[2].weight, ix.fields[2].words = weightSummary, tokens(texts[2])
	return ix
}

// SearchTexts are what a service is found by, in TextScore's order: its
// name, its keywords and category, its summary.
func SearchTexts(d *Definition) []string {
	return []string{d.Name, strings.Join(d.Keywords, " ") + " " + d.Category, d.Summary}
}

// Search finds services open to audience from everyday words ("bin not
// collected", "pot hole", "foi", "moving house"), tolerating typos and plural
// forms. An empty audience searches every service. Results are best first.
func (c *Catalog) Search(query string, audience Audience) []Result {
	q := queryTokens(query)
	if len(q) == 0 {
		return nil
	}
	var out []Result
	for _, ix := range c.index {
		if audience != "" && !ix.def.HasAudience(audience) {
			continue
		}
		if s := ix.score(q); s > 0 {
			out = append(out, Result{Service: ix.def, Score: s})
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Service.Name, b.Service.Name))
	})
	return out
}

// queryTokens are the query's words plus each adjacent pair run together, so
// "pot hole" also finds "pothole". Pairs are alternatives, not extra words.
func queryTokens(query string) [][]string {
	words := tokens(query)
	out := make([][]string, 0, len(words))
	for i, w := range words {
		alts := []string{w}
		if i+1 < len(words) {
			alts = append(alts, stem(w+words[i+1]))
		}
		out = append(out, alts)
	}
	return out
}

func (ix *indexed) score(q [][]string) float64 {
	var total float64
	for _, alts := range q {
		best := 0.0
		for _, w := range alts {
			for _, f := range ix.fields {
				best = max(best, f.weight*bestMatch(w, f.words))
			}
		}
		total += best
	}
	return total
}

func bestMatch(w string, words []string) float64 {
	best := 0.0
	for _, t := range words {
		if best = max(best, matchQuality(w, t)); best == exactMatch {
			break
		}
	}
	return best
}

// matchQuality is how well query word w matches word t of a text: the
// same word, a typo of it, the start of it, or 0. It is the one rule every
// search box applies (Search, TextScore, TextIndex).
func matchQuality(w, t string) float64 {
	switch {
	case t == w:
		return exactMatch
	case typoClose(w, t):
		return typoMatch
	case len(w) >= 3 && strings.HasPrefix(t, w):
		return prefixMatch
	}
	return 0
}

// typoClose allows one edit in query words of four letters or more and two
// in words of eight or more (allowedEdits).
func typoClose(query, word string) bool {
	k := allowedEdits(len([]rune(query)))
	return k > 0 && editDistance(query, word, k+1) <= k
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "my": true, "i": true, "to": true, "of": true, "in": true,
	"on": true, "for": true, "and": true, "or": true, "is": true, "it": true, "me": true, "we": true,
	"our": true, "your": true, "at": true, "with": true, "about": true, "how": true, "do": true,
	"can": true, "has": true, "have": true, "been": true, "be": true, "this": true, "that": true,
}

// tokens splits text into lower-case, lightly stemmed words without stop words.
func tokens(s string) []string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	out := fields[:0]
	for _, f := range fields {
		f = strings.Trim(strings.ReplaceAll(f, "'s", ""), "'")
		if f != "" && !stopWords[f] {
			out = append(out, stem(f))
		}
	}
	return out
}

// stem removes a plural ending: bins → bin, potholes → pothole,
// enquiries → enquiry. It leaves "address", "bus" and short words alone.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// TextScore rates how well query matches texts with the tolerance of
// Search (typos, plurals, words run together), the first text weighing as
// a name, the second as keywords and the rest as a summary; 0 is no match.
// Other catalogues (open data sets, the disclosure log) search with it so
// that one search box behaves one way.
func TextScore(query string, texts ...string) float64 {
	q := queryTokens(query)
	if len(q) == 0 {
		return 0
	}
	var ix indexed
	weights := [3]float64{weightName, weightKeyword, weightSummary}
	for i, t := range texts {
		f := &ix.fields[min(i, 2)]
		f.weight = weights[min(i, 2)]
		f.words = append(f.words, tokens(t)...)
	}
	return ix.score(q)
}
