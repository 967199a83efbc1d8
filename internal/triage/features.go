package triage

import "strings"

// feature is one input to the model and the word of the text it came from,
// so a suggestion can say which words made it.
type feature struct {
	key  string
	word int
	val  float32
}

// Feature weights before the vector is scaled to unit length: a whole word
// says more than one of its character n-grams.
const (
	wordWeight = 1.0
	pairWeight = 0.7
	gramWeight = 0.35
)

// features turns text into the model's inputs and the normalised words they
// point back to.
func features(text string) ([]feature, []string) {
	words := strings.Fields(normalise(text))
	var fs []feature
	for i, w := range words {
		s := stem(w)
		if !stopWords[w] {
			fs = append(fs, feature{"w " + s, i, wordWeight})
			fs = appendGrams(fs, s, i)
		}
		if i+1 < len(words) {
			fs = append(fs, feature{"p " + s + " " + stem(words[i+1]), i, pairWeight})
			// Words run together find "pothole" from "pot hole", "flytip" from "fly tip".
			if !stopWords[w] && !stopWords[words[i+1]] {
				fs = append(fs, feature{"w " + stem(w+words[i+1]), i, wordWeight})
			}
		}
	}
	return unit(fs), words
}

// appendGrams adds the character 3- to 5-grams of a word marked at both ends,
// which tolerate typos ("colected") and Welsh mutations ("bin", "min").
func appendGrams(fs []feature, w string, i int) []feature {
	r := []rune("<" + w + ">")
	for n := 3; n <= 5; n++ {
		for j := 0; j+n <= len(r); j++ {
			fs = append(fs, feature{"c " + string(r[j:j+n]), i, gramWeight})
		}
	}
	return fs
}

// unit scales the features to unit length, so long and short texts weigh alike.
func unit(fs []feature) []feature {
	var sum float32
	for _, f := range fs {
		sum += f.val * f.val
	}
	if sum == 0 {
		return fs
	}
	inv := 1 / sqrt32(sum)
	for i := range fs {
		fs[i].val *= inv
	}
	return fs
}
