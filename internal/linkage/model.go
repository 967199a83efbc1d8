package linkage

import (
	"math"
)

// Level holds the estimated parameters of one comparison level.
type Level struct {
	// Label names the level, e.g. "exact" or "jw>=0.92".
	Label string
	// M is the probability that a matching pair lands on this level.
	M float64
	// U is the probability that a non-matching candidate pair lands on this level (EM).
	U float64
	// URandom is u estimated from random pairs instead.
	URandom float64
	// Weight is the match weight log2(M/U) the level adds.
	Weight float64
}

// Parameters are the estimates for one comparison; Levels[0] is "null"
// (a value missing) and always weighs 0.
type Parameters struct {
	// Name is the comparison's name.
	Name string
	// Kind is the comparison's kind.
	Kind Kind
	// TermFrequency reports whether exact agreement is adjusted by value frequency.
	TermFrequency bool
	// Levels are indexed by level, from null and else up to exact.
	Levels []Level
}

// Model is a fitted Fellegi–Sunter model for one set of records. It scores
// and explains pairs of those records.
type Model struct {
	// Comparisons hold the estimated parameters per comparison.
	Comparisons []Parameters
	// Lambda is the estimated share of candidate pairs that match.
	Lambda float64
	// Iterations is the number of EM iterations run.
	Iterations int
	// Threshold is the match probability at which a pair is a match.
	Threshold float64

	e        *engine
	recs     *Records
	rules    []BlockingRule
	w        [][]float64 // per field, per level
	prior    float64
	tfFields []int
}

// PriorWeight is the match weight before any comparison: log2(λ/(1−λ)).
func (m *Model) PriorWeight() float64 { return m.prior }

// newModel builds the model from its parameters; stored, when set, supplies the
// term frequencies (a stored model scoring other records).
func newModel(e *engine, recs *Records, s Settings, mm, uu, ur [][]float64, lambda float64, iters int, stored *Params) *Model {
	mod := &Model{Lambda: lambda, Iterations: iters, Threshold: s.Threshold, e: e, recs: recs, rules: s.Blocking}
	mod.prior = math.Log2(lambda / (1 - lambda))
	mod.w = make([][]float64, len(e.fields))
	for f, fd := range e.fields {
		p := Parameters{Name: fd.cmp.Name, Kind: fd.cmp.Kind, TermFrequency: fd.cmp.TermFrequency}
		mod.w[f] = make([]float64, fd.nlev+1)
		p.Levels = append(p.Levels, Level{Label: "null"})
		for l := 1; l <= fd.nlev; l++ {
			w := math.Log2(mm[f][l] / uu[f][l])
			mod.w[f][l] = w
			p.Levels = append(p.Levels, Level{Label: fd.labels[l], M: mm[f][l], U: uu[f][l], URandom: ur[f][l], Weight: w})
		}
		mod.Comparisons = append(mod.Comparisons, p)
		if fd.cmp.TermFrequency {
			mod.tfFields = append(mod.tfFields, f)
			if stored != nil {
				fd.tfAdj = storedAdjustments(fd, ur[f][fd.nlev], stored.Comparisons[f])
			} else {
				fd.tfAdj = tfAdjustments(fd, ur[f][fd.nlev])
			}
		}
	}
	return mod
}

// tfAdjustments gives each value the weight to add when two records agree
// exactly on it: log2(u_exact / tf(value)), so a value commoner than the
// average agreeing value counts for less and a rarer one for more.
func tfAdjustments(fd *field, uExact float64) []float32 {
	adj := make([]float32, len(fd.vals))
	for v, c := range fd.count {
		tf := float64(c) / float64(fd.nonNil)
		adj[v] = float32(math.Log2(uExact / tf))
	}
	return adj
}

// patternWeight returns the match weight of a comparison vector, without
// term-frequency adjustments.
func (m *Model) patternWeight(p uint32, g []uint8) float32 {
	w := m.prior
	for f, l := range m.e.gamma(p, g) {
		w += m.w[f][l]
	}
	return float32(w)
}

// scorer tabulates the weight of every comparison vector when there are
// few enough; otherwise workers weigh each vector as it comes.
func (m *Model) scorer(threshold float64) *scorer {
	sc := &scorer{m: m, cut: float32(weightAt(threshold))}
	if m.e.npat <= denseMax {
		g := make([]uint8, 0, len(m.e.fields))
		sc.dense = make([]float32, m.e.npat)
		for p := range sc.dense {
			sc.dense[p] = m.patternWeight(uint32(p), g)
		}
	}
	return sc
}

// tf returns the term-frequency adjustment of a compared pair.
func (m *Model) tf(a, b uint32) float32 {
	var adj float32
	for _, f := range m.tfFields {
		fd := m.e.fields[f]
		if va := fd.ids[a]; va != null && va == fd.ids[b] {
			adj += fd.tfAdj[va]
		}
	}
	return adj
}

// Probability converts a match weight to a match probability.
func Probability(weight float64) float64 { return 1 / (1 + math.Exp2(-weight)) }

// weightAt is the weight at which the probability reaches p.
func weightAt(p float64) float64 { return math.Log2(p / (1 - p)) }
