package linkage

// Scores are pairwise precision, recall and F1 against ground truth.
type Scores struct {
	// TruePairs is the number of pairs the ground truth links.
	TruePairs int64
	// Predicted is the number of pairs predicted as matches.
	Predicted int64
	// TP is the number of predicted pairs that the ground truth links.
	TP int64
	// Precision, Recall and F1 follow from the counts.
	Precision, Recall, F1 float64
}

func (s *Scores) finish() {
	if s.Predicted > 0 {
		s.Precision = float64(s.TP) / float64(s.Predicted)
	}
	if s.TruePairs > 0 {
		s.Recall = float64(s.TP) / float64(s.TruePairs)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// groupIDs interns truth labels; an empty label is an entity of its own.
func groupIDs(truth []string) []int32 {
	ids := make([]int32, len(truth))
	seen := make(map[string]int32)
	for i, t := range truth {
		if t == "" {
			ids[i] = int32(-1 - i)
			continue
		}
		id, ok := seen[t]
		if !ok {
			id = int32(len(seen))
			seen[t] = id
		}
		ids[i] = id
	}
	return ids
}

// pairCount counts the pairs within groups: all pairs when deduplicating,
// left×right pairs when linking (nLeft > 0, records [0,nLeft) on the left).
func pairCount[K comparable](keys func(i int) (K, bool), n, nLeft int) int64 {
	type side struct{ l, r int64 }
	groups := make(map[K]*side)
	for i := range n {
		k, ok := keys(i)
		if !ok {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &side{}
			groups[k] = g
		}
		if nLeft > 0 && i >= nLeft {
			g.r++
		} else {
			g.l++
		}
	}
	var total int64
	for _, g := range groups {
		if nLeft > 0 {
			total += g.l * g.r
		} else {
			total += g.l * (g.l - 1) / 2
		}
	}
	return total
}

// EvaluatePairs scores predicted pairs against truth labels per record
// (same label = same entity). nLeft is 0 when deduplicating, else the
// number of left records.
func EvaluatePairs(pairs []Pair, truth []string, nLeft int) Scores {
	g := groupIDs(truth)
	s := Scores{Predicted: int64(len(pairs))}
	s.TruePairs = pairCount(func(i int) (int32, bool) { return g[i], g[i] >= 0 }, len(g), nLeft)
	for _, p := range pairs {
		if g[p.A] == g[p.B] {
			s.TP++
		}
	}
	s.finish()
	return s
}

// EvaluateClusters scores the pairs implied by clusters (every two records
// in one cluster) against truth labels per record.
func EvaluateClusters(clusters []int32, truth []string, nLeft int) Scores {
	g := groupIDs(truth)
	var s Scores
	s.TruePairs = pairCount(func(i int) (int32, bool) { return g[i], g[i] >= 0 }, len(g), nLeft)
	s.Predicted = pairCount(func(i int) (int32, bool) { return clusters[i], true }, len(g), nLeft)
	type both struct{ c, t int32 }
	s.TP = pairCount(func(i int) (both, bool) { return both{clusters[i], g[i]}, g[i] >= 0 }, len(g), nLeft)
	s.finish()
	return s
}
