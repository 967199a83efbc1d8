package triage

// Similarity is the share of content words two texts have in common
// (Jaccard over normalised, stemmed words, 0 to 1): enough to show an
// officer that two enquiries may be about the same thing, for them to judge.
func Similarity(a, b string) float64 {
	wa, wb := wordSet(a), wordSet(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	shared := 0
	for w := range wa {
		if wb[w] {
			shared++
		}
	}
	return float64(shared) / float64(len(wa)+len(wb)-shared)
}

func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range Words(text) {
		set[w] = true
	}
	return set
}
