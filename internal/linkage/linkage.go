package linkage

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Pair is a scored pair of records, by index into the records linked
// (when linking, right records follow the left ones).
type Pair struct {
	// A and B are record indexes, A < B.
	A, B int32
	// Weight is the match weight in bits; Probability follows from it.
	Weight, Probability float32
}

// Timing reports where a run spent its time.
type Timing struct {
	// Encode covers interning values and building blocking keys.
	Encode time.Duration
	// Compare covers comparing all candidate pairs.
	Compare time.Duration
	// Estimate covers random sampling of u and EM.
	Estimate time.Duration
	// Score covers weighing candidates and clustering.
	Score time.Duration
	// Total is the wall time of the run.
	Total time.Duration
}

// Result is the outcome of Dedupe or Link.
type Result struct {
	// Model is the fitted model; it can explain any pair of the records.
	Model *Model
	// Pairs are the candidate pairs at or above the threshold, by A then B.
	Pairs []Pair
	// Clusters gives an entity number per record.
	Clusters []int32
	// Blocking reports each rule's pair counts.
	Blocking []RuleStats
	// Candidates is the number of distinct pairs compared.
	Candidates int64
	// Records is the records linked; when linking, left then right.
	Records *Records
	// NLeft is the number of left records when linking, else 0.
	NLeft int
	// Timing reports where the time went.
	Timing Timing
}

// Dedupe finds the records of recs that refer to the same entity. Errors
// for which IsInvalid is true report bad settings.
func Dedupe(ctx context.Context, recs *Records, s Settings) (*Result, error) {
	return run(ctx, recs, 0, s)
}

// Link finds the pairs of records, one from left and one from right, that
// refer to the same entity. Right's columns are matched to left's by name.
func Link(ctx context.Context, left, right *Records, s Settings) (*Result, error) {
	all := &Records{Columns: left.Columns, IDs: slices.Concat(left.IDs, right.IDs)}
	all.Rows = append(make([][]string, 0, left.Len()+right.Len()), left.Rows...)
	idx := make([]int, len(left.Columns))
	for c, name := range left.Columns {
		idx[c] = right.column(name)
	}
	for _, row := range right.Rows {
		out := make([]string, len(idx))
		for c, k := range idx {
			if k >= 0 {
				out[c] = row[k]
			}
		}
		all.Rows = append(all.Rows, out)
	}
	if left.Len() == 0 || right.Len() == 0 {
		return nil, fmt.Errorf("%w: both tables need records", errSettings)
	}
	return run(ctx, all, left.Len(), s)
}

func run(ctx context.Context, recs *Records, nLeft int, s Settings) (*Result, error) {
	start := time.Now()
	s = s.withDefaults()
	if err := s.Validate(recs.Columns); err != nil {
		return nil, err
	}
	if recs.Len() < 2 || recs.Len() >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d records", errSettings, recs.Len())
	}
	e, err := encode(recs, nLeft, s)
	if err != nil {
		return nil, err
	}
	res := &Result{Records: recs, NLeft: nLeft}
	items, stats, total := plan(e.rules, e.nLeft)
	res.Blocking = stats
	if s.Blocked != nil {
		s.Blocked(stats)
	}
	if total > s.MaxPairs {
		return nil, fmt.Errorf("%w: blocking generates %d pairs, more than the limit %d", errSettings, total, s.MaxPairs)
	}
	res.Timing.Encode = time.Since(start)
	t := time.Now()
	ws, err := e.compare(ctx, items, total, s.Workers, s.Progress)
	if err != nil {
		return nil, err
	}
	res.Timing.Compare = time.Since(t)
	t = time.Now()
	var pats []uint32
	res.Model, pats = fit(e, recs, s, ws)
	res.Timing.Estimate = time.Since(t)
	t = time.Now()
	for _, w := range ws {
		res.Candidates += int64(len(w.cands))
		for r, n := range w.fresh {
			res.Blocking[r].New += n
		}
	}
	res.Pairs = res.Model.matches(ws, pats, s.Threshold)
	res.Clusters = cluster(recs.Len(), res.Pairs, s.ClusterThreshold, s.ClusterDensity)
	res.Timing.Score = time.Since(t)
	res.Timing.Total = time.Since(start)
	return res, nil
}

// encode interns every column used once, builds the blocking rules from
// the interned ids, lays records out in block order, then builds the
// fields; one goroutine per column or rule.
func encode(recs *Records, nLeft int, s Settings) (*engine, error) {
	var names []string
	for _, c := range s.Comparisons {
		names = append(names, c.Column)
	}
	for _, r := range s.Blocking {
		for _, p := range r.Parts {
			names = append(names, p.Column)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	interned := make([]*column, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { interned[i] = internColumn(recs, recs.column(name)) })
	}
	wg.Wait()
	cols := make(map[string]*column, len(names))
	for i, name := range names {
		cols[name] = interned[i]
	}
	rules := buildRules(s.Blocking, cols) // keys are built before values are relabelled
	perm := layout(rules, recs.Len(), uint32(nLeft))
	for _, c := range interned {
		wg.Go(func() { c.relabel(perm) })
	}
	wg.Wait()
	fields := make([]*field, len(s.Comparisons))
	for i, c := range s.Comparisons {
		wg.Go(func() { fields[i] = newField(c, cols[c.Column]) })
	}
	wg.Wait()
	return newEngine(fields, rules, nLeft, recs.Len(), perm)
}

// fit estimates u by random sampling, then m and λ: by default in one EM
// session per blocking rule with u fixed (Splink's method), or, with
// Settings.Estimation "candidates", by one EM over all candidates that
// also re-estimates u among them.
func fit(e *engine, recs *Records, s Settings, ws []*worker) (*Model, []uint32) {
	masked := e.maskedCounts(ws)
	all := e.allPatterns(masked)
	ids := make([]uint32, 0, len(all))
	byPat := make(map[uint32]bool)
	for k := range masked {
		if p := uint32(k >> 16); !byPat[p] {
			byPat[p] = true
			ids = append(ids, p)
		}
	}
	ur := e.sampleU(s.USamples, s.Seed, s.Workers)
	if s.Estimation == EstimateCandidates {
		m, u := initialM(e.fields), cloneParams(ur)
		lambda := 0.1
		iters := 0
		if len(all) > 0 {
			iters = em(all, m, u, &lambda, s.EMIterations, emOptions{})
		}
		lambda = min(max(lambda, 1e-9), 1-1e-9)
		return newModel(e, recs, s, m, u, ur, lambda, iters), ids
	}
	m, iters := e.estimateSessions(masked, s.Blocking, ur, s.EMIterations)
	lambda := globalLambda(all, m, ur, e.allPairs())
	lambda = min(max(lambda, 1e-15), 1-1e-9)
	return newModel(e, recs, s, m, ur, ur, lambda, iters), ids
}

// allPairs is the number of pairs without blocking.
func (e *engine) allPairs() float64 {
	if e.nLeft > 0 {
		return float64(e.nLeft) * float64(e.n-int(e.nLeft))
	}
	return float64(e.n) * float64(e.n-1) / 2
}

// matches weighs every candidate (pattern weight plus term-frequency
// adjustments) on the workers' own slices and keeps those at or above threshold.
func (m *Model) matches(ws []*worker, pats []uint32, threshold float64) []Pair {
	pw := m.patternWeights(pats)
	cut := float32(weightAt(threshold))
	out := make([][]Pair, len(ws))
	var wg sync.WaitGroup
	for k, w := range ws {
		wg.Go(func() {
			perm := m.e.perm
			for _, c := range w.cands {
				ra, rb := perm[c.a], perm[c.b]
				wt := pw.get(c.pat)
				if m.tfFields != nil {
					wt += m.tf(ra, rb)
				}
				if wt >= cut {
					a, b := min(ra, rb), max(ra, rb)
					out[k] = append(out[k], Pair{A: int32(a), B: int32(b), Weight: wt, Probability: float32(Probability(float64(wt)))})
				}
			}
			w.cands = nil
		})
	}
	wg.Wait()
	pairs := slices.Concat(out...)
	slices.SortFunc(pairs, func(x, y Pair) int {
		if x.A != y.A {
			return int(x.A - y.A)
		}
		return int(x.B - y.B)
	})
	return pairs
}
