package linkage

import "sync"

// patternCounts counts how many candidates share each comparison vector,
// returning the vectors that occur and their counts.
func (e *engine) patternCounts(ws []*worker) ([]uint32, []uint64) {
	if e.npat <= denseMax {
		return e.denseCounts(ws)
	}
	total := make(map[uint32]uint64)
	for _, w := range ws {
		for _, c := range w.cands {
			total[c.pat]++
		}
	}
	pats := make([]uint32, 0, len(total))
	counts := make([]uint64, 0, len(total))
	for p, n := range total {
		pats = append(pats, p)
		counts = append(counts, n)
	}
	return pats, counts
}

func (e *engine) denseCounts(ws []*worker) ([]uint32, []uint64) {
	per := make([][]uint64, len(ws))
	var wg sync.WaitGroup
	for k, w := range ws {
		wg.Go(func() {
			c := make([]uint64, e.npat)
			for _, cd := range w.cands {
				c[cd.pat]++
			}
			per[k] = c
		})
	}
	wg.Wait()
	var pats []uint32
	var counts []uint64
	for p := range per[0] {
		var n uint64
		for _, c := range per {
			n += c[p]
		}
		if n > 0 {
			pats = append(pats, uint32(p))
			counts = append(counts, n)
		}
	}
	return pats, counts
}

// weights maps a comparison vector to its match weight (before
// term-frequency adjustment): a dense array when small, else a map over
// the vectors that occur.
type weights struct {
	dense  []float32
	sparse map[uint32]float32
}

func (w *weights) get(p uint32) float32 {
	if w.dense != nil {
		return w.dense[p]
	}
	return w.sparse[p]
}
