package service

// TextIndex is an inverted index of documents whose texts are weighed as
// Search weighs a service (the first text as a name, the second as keywords,
// the rest as a summary). It finds and scores exactly what TextScore would,
// without reading every document: each query word is matched against the
// index's vocabulary (its distinct words), and only the documents holding
// the words matched are scored.
//
// Typos are found through the vocabulary's bigrams, each word padded as
// "^word$". An edit changes at most three of a word's bigrams, so a
// vocabulary word within the edits typoClose allows still shares all but
// 3×edits of the query word's distinct bigrams, and a word the query word
// begins shares all of them but the last ("d$"). Only vocabulary words
// sharing that many bigrams are compared by edit distance: never every word,
// and never a document. Bigrams rather than trigrams because a swap of two
// letters in a four-letter word leaves no trigram of it intact.
//
// A TextIndex is built once and then only read: Add must not be called
// once Search may be.
type TextIndex struct {
	docs     int
	postings map[string][]posting // word → documents holding it, in the order added
	grams    map[string][]string  // bigram → the vocabulary words holding it
}

// posting is a document holding a word, with the fields (bit i for text i,
// the last bit for every text after it) in which it does.
type posting struct {
	doc    int
	fields uint8
}

// NewTextIndex returns an empty index.
func NewTextIndex() *TextIndex {
	return &TextIndex{postings: map[string][]posting{}, grams: map[string][]string{}}
}

// Len is how many documents were added.
func (ix *TextIndex) Len() int { return ix.docs }

// Add indexes a document's texts and returns its number: 0 for the first
// added, then 1, 2 and so on.
func (ix *TextIndex) Add(texts ...string) int {
	doc := ix.docs
	ix.docs++
	for i, t := range texts {
		bit := uint8(1) << min(i, 2)
		for _, w := range tokens(t) {
			ps := ix.postings[w]
			if n := len(ps); n > 0 && ps[n-1].doc == doc {
				ps[n-1].fields |= bit
				continue
			}
			if len(ps) == 0 {
				for g := range bigrams(w) {
					ix.grams[g] = append(ix.grams[g], w)
				}
			}
			ix.postings[w] = append(ps, posting{doc: doc, fields: bit})
		}
	}
	return doc
}

// Search scores the documents matching query as TextScore would score each
// alone; a document absent from the answer does not match.
func (ix *TextIndex) Search(query string) map[int]float64 {
	out := map[int]float64{}
	for _, alts := range queryTokens(query) {
		best := map[int]float64{}
		for _, w := range alts {
			for _, t := range ix.candidates(w) {
				q := matchQuality(w, t)
				if q == 0 {
					continue
				}
				for _, p := range ix.postings[t] {
					best[p.doc] = max(best[p.doc], q*fieldWeight(p.fields))
				}
			}
		}
		for doc, s := range best {
			out[doc] += s
		}
	}
	return out
}

// fieldWeight is the weight of the heaviest field a posting names.
func fieldWeight(fields uint8) float64 {
	switch {
	case fields&1 != 0:
		return weightName
	case fields&2 != 0:
		return weightKeyword
	}
	return weightSummary
}

// candidates are the vocabulary words that may match w: w itself, and the
// words sharing enough of its bigrams to be a typo of it or to begin with it.
func (ix *TextIndex) candidates(w string) []string {
	n := len([]rune(w))
	if n < 3 { // too short for a typo or a prefix: the word itself only
		if _, ok := ix.postings[w]; ok {
			return []string{w}
		}
		return nil
	}
	grams := bigrams(w)
	need := len(grams) - 1 // a word w begins holds all but "x$"
	if edits := allowedEdits(n); edits > 0 {
		need = min(need, len(grams)-3*edits)
	}
	need = max(need, 1)
	shared := map[string]int{}
	for g := range grams {
		for _, t := range ix.grams[g] {
			shared[t]++
		}
	}
	var out []string
	for t, k := range shared {
		if k >= need {
			out = append(out, t)
		}
	}
	return out
}

// allowedEdits is how many edits typoClose allows in a query word of n letters.
func allowedEdits(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// bigrams are the distinct pairs of letters of "^w$".
func bigrams(w string) map[string]struct{} {
	r := []rune("^" + w + "$")
	out := make(map[string]struct{}, len(r)-1)
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])] = struct{}{}
	}
	return out
}
