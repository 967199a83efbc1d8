package linkage

import (
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// uStreams is how many random streams sample u: a fixed number, shared
// out between the workers, so that the estimate does not depend on how
// many workers there are.
const uStreams = 16

// sampleU estimates u, the chance that two records that are not a match
// land on each level, from random pairs: almost all random pairs are
// non-matches. Returned per field, indexed by level (0 unused).
func (e *engine) sampleU(samples int, seed uint64, workers int) [][]float64 {
	counts := make([][][]float64, uStreams)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, uStreams) {
		wg.Go(func() {
			for k := next.Add(1) - 1; k < uStreams; k = next.Add(1) - 1 {
				counts[k] = e.sampleCounts(samples/uStreams, seed, uint64(k))
			}
		})
	}
	wg.Wait()
	u := make([][]float64, len(e.fields))
	for f, fd := range e.fields {
		u[f] = make([]float64, fd.nlev+1)
		var nonNull float64
		for _, c := range counts {
			for l := 1; l <= fd.nlev; l++ {
				u[f][l] += c[f][l]
				nonNull += c[f][l]
			}
		}
		floor := 1 / (2*nonNull + 2) // a level never seen at random is rare, not impossible
		for l := 1; l <= fd.nlev; l++ {
			u[f][l] = max(u[f][l]/max(nonNull, 1), floor)
		}
	}
	return u
}

func (e *engine) sampleCounts(n int, seed, stream uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, stream))
	out := make([][]float64, len(e.fields))
	for f, fd := range e.fields {
		out[f] = make([]float64, fd.nlev+1)
	}
	var s scratch
	for range n {
		a, b := e.randomPair(rng)
		if a == b {
			continue
		}
		ra := e.rows[int(a)*e.stride:]
		rb := e.rows[int(b)*e.stride:]
		for f, fd := range e.fields {
			out[f][fd.levelOf(ra[f], rb[f], &s)]++
		}
	}
	return out
}

func (e *engine) randomPair(rng *rand.Rand) (uint32, uint32) {
	if e.nLeft > 0 {
		return uint32(rng.IntN(int(e.nLeft))), e.nLeft + uint32(rng.IntN(e.n-int(e.nLeft)))
	}
	return uint32(rng.IntN(e.n)), uint32(rng.IntN(e.n))
}

// emPattern is one distinct comparison vector and how many candidate pairs had it.
type emPattern struct {
	gam []uint8
	n   float64
}

// emOptions select what EM may change: with fixU the u probabilities stay
// as given (from random sampling); fields marked in skip are ignored
// (their column is a blocking key, so agreement on it says nothing).
type emOptions struct {
	fixU bool
	skip []bool
}

// em estimates m (and u unless fixed) and the match share lambda among the
// given comparison vectors by expectation–maximisation on pattern counts
// (not on pairs: a few thousand distinct vectors stand for millions of
// pairs). Missing values (level 0) carry no information and are skipped.
// Returns the iterations used.
func em(pats []emPattern, m, u [][]float64, lambda *float64, maxIter int, opt emOptions) int {
	mNew, uNew := zeroLike(m), zeroLike(u)
	use := func(f int) bool { return opt.skip == nil || !opt.skip[f] }
	for it := 1; it <= maxIter; it++ {
		var sumW, sumN float64
		for _, p := range pats {
			lm, lu := *lambda, 1-*lambda
			for f, g := range p.gam {
				if g != 0 && use(f) {
					lm *= m[f][g]
					lu *= u[f][g]
				}
			}
			w := lm / (lm + lu)
			if math.IsNaN(w) {
				w = 0
			}
			sumW += w * p.n
			sumN += p.n
			for f, g := range p.gam {
				mNew[f][g] += w * p.n
				uNew[f][g] += (1 - w) * p.n
			}
		}
		delta := math.Abs(sumW/sumN - *lambda)
		*lambda = sumW / sumN
		for f := range m {
			if !use(f) {
				clear(mNew[f])
				clear(uNew[f])
				continue
			}
			delta = max(delta, normalise1(mNew[f], m[f]))
			if opt.fixU {
				clear(uNew[f])
			} else {
				delta = max(delta, normalise1(uNew[f], u[f]))
			}
		}
		if delta < 1e-7 {
			return it
		}
	}
	return maxIter
}

// normalise1 writes acc (skipping level 0) as probabilities into dst, with a
// floor so no level becomes impossible, clears acc, and returns the largest change.
func normalise1(acc, dst []float64) float64 {
	var total float64
	for _, v := range acc[1:] {
		total += v
	}
	var delta float64
	for l := 1; l < len(acc); l++ {
		v := 1e-6
		if total > 0 {
			v = max(acc[l]/total, 1e-6)
		}
		delta = max(delta, math.Abs(v-dst[l]))
		dst[l] = v
		acc[l] = 0
	}
	acc[0] = 0
	return delta
}

func zeroLike(x [][]float64) [][]float64 {
	out := make([][]float64, len(x))
	for i := range x {
		out[i] = make([]float64, len(x[i]))
	}
	return out
}

// initialM starts m with most weight on the strongest levels: matches mostly agree.
func initialM(fields []*field) [][]float64 {
	m := make([][]float64, len(fields))
	for f, fd := range fields {
		m[f] = make([]float64, fd.nlev+1)
		var total float64
		for l := 1; l <= fd.nlev; l++ {
			m[f][l] = math.Pow(4, float64(l))
			total += m[f][l]
		}
		for l := 1; l <= fd.nlev; l++ {
			m[f][l] /= total
		}
	}
	return m
}
