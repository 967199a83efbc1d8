package linkage

import (
	"math"
	"slices"
)

// maxRules bounds the blocking rules so that which rules generate a pair
// fits in a 16-bit mask.
const maxRules = 16

// maskedCounts merges the workers' counts of candidates by comparison
// vector and by the set of rules that generate them (bit r: rule r's keys
// are equal), keyed pat<<16|mask. Counts are whole numbers, so the sum does
// not depend on how pairs were shared between workers.
func maskedCounts(ws []*worker) map[uint64]float64 {
	total := ws[0].counts
	for _, w := range ws[1:] {
		for k, n := range w.counts {
			total[k] += n
		}
		w.counts = nil
	}
	return total
}

func (e *engine) ruleMask(a, b uint32) uint16 {
	nf := len(e.fields)
	ra := e.rows[int(a)*e.stride:]
	rb := e.rows[int(b)*e.stride:]
	var mask uint16
	for r := range e.rules {
		if k := ra[nf+r]; k != null && k == rb[nf+r] {
			mask |= 1 << r
		}
	}
	return mask
}

// sessionPatterns gathers the comparison vectors of the pairs rule r generates.
func (e *engine) sessionPatterns(masked map[uint64]float64, r int) []emPattern {
	byPat := make(map[uint32]float64)
	for k, n := range masked {
		if k&(1<<r) != 0 {
			byPat[uint32(k>>16)] += n
		}
	}
	return e.toPatterns(byPat)
}

func (e *engine) toPatterns(byPat map[uint32]float64) []emPattern {
	keys := make([]uint32, 0, len(byPat))
	for p := range byPat {
		keys = append(keys, p)
	}
	slices.Sort(keys) // a fixed order makes the floating-point sums reproducible
	out := make([]emPattern, len(keys))
	for i, p := range keys {
		out[i] = emPattern{gam: e.gamma(p, nil), n: byPat[p]}
	}
	return out
}

// estimateSessions is Splink's way to estimate m: one EM session per
// blocking rule, over the pairs that rule generates, with u fixed from
// random sampling and the rule's own columns left out (within a block they
// always agree, so they carry no information there). Each field's m is the
// average over the sessions that estimated it. Returns m and the iterations.
func (e *engine) estimateSessions(masked map[uint64]float64, blocking []BlockingRule, ur [][]float64, maxIter int) ([][]float64, int) {
	sum := zeroLike(ur)
	seen := make([]int, len(e.fields))
	iters := 0
	for r, br := range blocking {
		pats := e.sessionPatterns(masked, r)
		if len(pats) == 0 {
			continue
		}
		skip := e.blockedFields(br)
		m, u := initialM(e.fields), cloneParams(ur)
		lambda := 0.1
		iters += em(pats, m, u, &lambda, maxIter, emOptions{fixU: true, skip: skip})
		for f := range e.fields {
			if skip[f] {
				continue
			}
			seen[f]++
			for l := range m[f] {
				sum[f][l] += m[f][l]
			}
		}
	}
	return e.finishSessions(masked, sum, seen, ur, maxIter, iters)
}

// finishSessions averages the session estimates; a field blocked on in
// every rule gets m from one EM over all candidates instead.
func (e *engine) finishSessions(masked map[uint64]float64, sum [][]float64, seen []int, ur [][]float64, maxIter, iters int) ([][]float64, int) {
	var all [][]float64
	for f := range e.fields {
		if seen[f] > 0 {
			for l := range sum[f] {
				sum[f][l] /= float64(seen[f])
			}
			continue
		}
		if all == nil {
			all = initialM(e.fields)
			lambda := 0.1
			iters += em(e.allPatterns(masked), all, cloneParams(ur), &lambda, maxIter, emOptions{fixU: true})
		}
		sum[f] = all[f]
	}
	return sum, iters
}

func (e *engine) allPatterns(masked map[uint64]float64) []emPattern {
	byPat := make(map[uint32]float64)
	for k, n := range masked {
		byPat[uint32(k>>16)] += n
	}
	return e.toPatterns(byPat)
}

// blockedFields marks the fields whose column is part of the rule's key.
func (e *engine) blockedFields(br BlockingRule) []bool {
	skip := make([]bool, len(e.fields))
	for f, fd := range e.fields {
		for _, p := range br.Parts {
			if p.Column == fd.cmp.Column {
				skip[f] = true
			}
		}
	}
	return skip
}

// globalLambda estimates the probability that two records drawn from all
// possible pairs match: the fixed point of λ = Σ P(match | γ; λ) / N over
// the candidates, taking pairs that no rule generates as non-matches.
func globalLambda(pats []emPattern, m, u [][]float64, nAll float64) float64 {
	bf := make([]float64, len(pats))
	var cands float64
	for i, p := range pats {
		bf[i] = 1
		for f, g := range p.gam {
			if g != 0 {
				bf[i] *= m[f][g] / u[f][g]
			}
		}
		cands += p.n
	}
	lambda := min(cands/nAll, 0.5) / 10
	for range 500 {
		var sum float64
		for i, p := range pats {
			sum += p.n * lambda * bf[i] / (lambda*bf[i] + 1 - lambda)
		}
		next := max(sum/nAll, 1e-15)
		if math.Abs(next-lambda) <= 1e-9*lambda {
			return next
		}
		lambda = next
	}
	return lambda
}

func cloneParams(x [][]float64) [][]float64 {
	out := make([][]float64, len(x))
	for i := range x {
		out[i] = slices.Clone(x[i])
	}
	return out
}
