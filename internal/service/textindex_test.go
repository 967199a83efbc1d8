package service

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTextIndexScoresAsTextScore: the index finds and scores exactly what
// TextScore finds reading each document, for exact words, typos of every
// kind, prefixes and words run together, over a vocabulary of UK council
// words and random misspellings of them.
func TestTextIndexScoresAsTextScore(t *testing.T) {
	docs := [][]string{
		{"Report a pothole", "road pavement highways", "Tell us about a pothole in a road or pavement"},
		{"Missed bin collection", "recycling waste rubbish", "Report a bin we did not empty"},
		{"Pothole reports", "potholes roads", "Every pothole reported to the council"},
		{"Request 2025-FOI-0001", "", "How much did the council spend on the disposal of recycling?"},
		{"Fly-tipping", "dumped rubbish", "Rubbish left on the street, near the recycling centre"},
		{"Council tax disposal log", "", "Answers to freedom of information requests"},
	}
	ix := NewTextIndex()
	for i, d := range docs {
		if n := ix.Add(d...); n != i {
			t.Fatalf("Add returned %d, want %d", n, i)
		}
	}
	queries := []string{"pothole", "pothol", "pothloe", "potholes", "recyclng", "recylcing", "dispoal log", "pot hole",
		"bin", "bins", "fly tipping", "xylophone", "po", "council", "rubish near", "informaton", "freedom info", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"pothole", "recycling", "disposal", "collection", "rubbish", "pavement", "information", "highways"}
	for range 300 {
		w := []rune(words[rng.IntN(len(words))])
		switch i := rng.IntN(len(w) - 1); rng.IntN(4) {
		case 0:
			w = append(w[:i:i], w[i+1:]...)
		case 1:
			w[i], w[i+1] = w[i+1], w[i]
		case 2:
			w[i] = 'a' + rune(rng.IntN(26))
		case 3:
			w = w[:max(3, i)]
		}
		queries = append(queries, string(w))
	}
	for _, q := range queries {
		got := ix.Search(q)
		for i, d := range docs {
			want := TextScore(q, d...)
			if fmt.Sprintf("%.4f", got[i]) != fmt.Sprintf("%.4f", want) {
				t.Errorf("query %q, document %d: index scores %v, TextScore %v", q, i, got[i], want)
			}
		}
	}
}

// TestTextIndexExactResults pins what residents' misspellings find.
func TestTextIndexExactResults(t *testing.T) {
	ix := NewTextIndex()
	ix.Add("Report a pothole", "road", "A hole in the road")
	ix.Add("Recycling collections", "bins", "When we collect recycling")
	ix.Add("Disclosure log", "foi", "Answers to information requests")
	for q, want := range map[string]string{
		"pothol": "map[0:7]", "recyclng": "map[1:7]", "dispoal log": "map[2:10]", "disclosur": "map[2:7]", "zzzz": "map[]",
	} {
		if got := fmt.Sprint(ix.Search(q)); got != want {
			t.Errorf("%q found %s, want %s", q, got, want)
		}
	}
}

// BenchmarkTextIndex: a disclosure log of 20,000 answers (a large council's
// ten years), searched with a misspelt word; docs/performance.md.
func BenchmarkTextIndex(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"council", "spend", "repair", "pothole", "contract", "parking", "school", "housing", "recycling", "waste",
		"library", "planning", "licence", "agency", "staff", "salary", "invoice", "tender", "grant", "budget"}
	text := func(n int) string {
		var sb []byte
		for range n {
			sb = append(sb, words[rng.IntN(len(words))]...)
			sb = append(sb, fmt.Sprintf(" %d ", rng.IntN(5000))...)
		}
		return string(sb)
	}
	docs := make([][2]string, 20000)
	for i := range docs {
		docs[i] = [2]string{text(30), text(120)}
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			ix := NewTextIndex()
			for _, d := range docs {
				ix.Add(d[0], d[1])
			}
		}
	})
	ix := NewTextIndex()
	for _, d := range docs {
		ix.Add(d[0], d[1])
	}
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			if len(ix.Search("recyclng tendr")) == 0 {
				b.Fatal("nothing found")
			}
		}
	})
	b.Run("TextScore each document", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for _, d := range docs {
				if TextScore("recyclng tendr", d[0], d[1]) > 0 {
					n++
				}
			}
			if n == 0 {
				b.Fatal("nothing found")
			}
		}
	})
}
