package advice

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/triage"
)

// Passage is a quotable piece of a source: a paragraph, or up to three
// sentences of a long one.
type Passage struct {
	Text  string
	Title string
	URL   string
}

// Index ranks passages for a question (Okapi BM25). It is immutable.
type Index struct {
	passages []Passage
	words    [][]string
	df       map[string]int
	avgLen   float64
}

// NewIndex splits the sources into passages and indexes them.
func NewIndex(sources []Source) *Index {
	ix := &Index{df: map[string]int{}}
	var total int
	for _, s := range sources {
		for _, text := range passages(s.Text) {
			ws := triage.Words(s.Title + " " + text)
			ix.passages = append(ix.passages, Passage{Text: text, Title: s.Title, URL: s.URL})
			ix.words = append(ix.words, ws)
			total += len(ws)
			for _, w := range uniq(ws) {
				ix.df[w]++
			}
		}
	}
	ix.avgLen = float64(total) / math.Max(1, float64(len(ix.passages)))
	return ix
}

// Len is the number of passages.
func (ix *Index) Len() int { return len(ix.passages) }

// passages splits text at blank lines, and paragraphs of more than three
// sentences into runs of three, so a quotation stays short.
func passages(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		if para == "" || strings.HasPrefix(para, "#") {
			continue
		}
		s := sentences(para)
		for i := 0; i < len(s); i += 3 {
			out = append(out, strings.Join(s[i:min(i+3, len(s))], " "))
		}
	}
	return out
}

func sentences(para string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(para); i++ {
		if strings.ContainsRune(".?!", rune(para[i])) && para[i+1] == ' ' {
			out = append(out, para[start:i+1])
			start = i + 2
		}
	}
	return append(out, para[start:])
}

func uniq(ws []string) []string {
	s := slices.Clone(ws)
	slices.Sort(s)
	return slices.Compact(s)
}

// Answer is the quoted answer to a question, best passage first.
type Answer struct {
	Quotes   []Passage
	DontKnow bool
}

// Thresholds for quoting a passage: it must cover this share of the
// question's weight (its known words, rarer words weighing more) and score
// at least this share of the best passage.
const (
	minCoverage  = 0.5
	minRelative  = 0.6
	maxQuotes    = 3
	bm25K1       = 1.2
	bm25B        = 0.75
	minQueryWord = 1
)

// askWords shape a question without saying what it is about ("how much",
// "can I get"), so they do not count against a passage that lacks them.
var askWords = map[string]bool{"much": true, "many": true, "long": true, "often": true, "get": true, "got": true,
	"need": true, "want": true, "know": true, "tell": true, "find": true, "able": true, "allowed": true}

// Answer returns the passages that answer question, or DontKnow when none
// covers enough of it.
func (ix *Index) Answer(question string) Answer {
	q := uniq(slices.DeleteFunc(triage.Words(question), func(w string) bool { return askWords[w] }))
	type hit struct {
		i            int
		score, cover float64
	}
	var hits []hit
	for i, ws := range ix.words {
		if s, c := ix.score(q, ws); c >= minCoverage {
			hits = append(hits, hit{i, s, c})
		}
	}
	if len(q) < minQueryWord || len(hits) == 0 {
		return Answer{DontKnow: true}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	var out []Passage
	for _, h := range hits[:min(maxQuotes, len(hits))] {
		if h.score >= minRelative*hits[0].score {
			out = append(out, ix.passages[h.i])
		}
	}
	return Answer{Quotes: out}
}

// score is the BM25 score of a passage and the share of the question's
// inverse-document-frequency weight it contains.
func (ix *Index) score(q, ws []string) (score, cover float64) {
	// Words no passage holds count in full against the coverage, so a
	// question about something unpublished is not answered from its
	// commonest words.
	var known, found float64
	for _, w := range q {
		df := ix.df[w]
		idf := math.Log(1 + (float64(len(ix.passages))-float64(df)+0.5)/(float64(df)+0.5))
		known += idf
		tf := float64(count(ws, w))
		if tf == 0 {
			continue
		}
		found += idf
		score += idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(len(ws))/ix.avgLen))
	}
	if known == 0 {
		return 0, 0
	}
	return score, found / known
}

func count(ws []string, w string) int {
	n := 0
	for _, x := range ws {
		if x == w {
			n++
		}
	}
	return n
}
