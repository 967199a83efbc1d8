package linkage

import "strings"

// JaroWinklerSimilarity returns the Jaro–Winkler similarity of a and b in [0, 1], the
// comparator the jaro_winkler Kind grades, for callers that compare a few
// values outside a linkage run (matching a typed address to a gazetteer).
func JaroWinklerSimilarity(a, b string) float64 {
	var s scratch
	return jaroWinkler([]rune(a), []rune(b), &s)
}

// WordSimilarity is the Dice similarity of the words of a and b, where words
// equal or within Jaro–Winkler 0.9 of each other count as shared: the
// comparator the token_set Kind grades. Values are split on spaces as given;
// callers normalise first.
func WordSimilarity(a, b string) float64 {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	var s scratch
	used := make([]bool, len(wb))
	shared := 0
	for _, x := range wa {
		rx := []rune(x)
		for j, y := range wb {
			if !used[j] && (x == y || jaroWinkler(rx, []rune(y), &s) >= 0.9) {
				used[j] = true
				shared++
				break
			}
		}
	}
	return 2 * float64(shared) / float64(len(wa)+len(wb))
}
