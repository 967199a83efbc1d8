package linkage

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
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
	return run(ctx, recs, 0, s, false)
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
	return run(ctx, all, left.Len(), s, false)
}

// Estimate fits the model on recs without scoring: one pass over the
// candidate pairs, counting comparison vectors. Its Params can be stored
// and given back in Settings.Params to score other records the same way.
func Estimate(ctx context.Context, recs *Records, s Settings) (*Model, error) {
	res, err := run(ctx, recs, 0, s, true)
	if err != nil {
		return nil, err
	}
	return res.Model, nil
}

func run(ctx context.Context, recs *Records, nLeft int, s Settings, estimateOnly bool) (*Result, error) {
	start := time.Now()
	s = s.withDefaults()
	if err := s.Validate(recs.Columns); err != nil {
		return nil, err
	}
	if recs.Len() < 2 || recs.Len() >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d records", errSettings, recs.Len())
	}
	pg, err := s.pairing(recs.Len(), nLeft)
	if err != nil {
		return nil, err
	}
	e, err := encode(recs, nLeft, pg, s)
	if err != nil {
		return nil, err
	}
	res := &Result{Records: recs, NLeft: nLeft}
	items, stats, total := plan(e.rules, pg)
	res.Blocking = stats
	if s.Blocked != nil {
		s.Blocked(stats)
	}
	if total > s.MaxPairs {
		return nil, fmt.Errorf("%w: blocking generates %d pairs, more than the limit %d", errSettings, total, s.MaxPairs)
	}
	res.Timing.Encode = time.Since(start)
	passes := int64(2)
	if s.Params != nil || estimateOnly {
		passes = 1
	}
	var done atomic.Int64
	stop := watch(&done, passes*total, s.Progress)
	defer stop()
	if err := res.estimate(ctx, e, items, s, &done); err != nil {
		return nil, err
	}
	if estimateOnly {
		return res, nil
	}
	t := time.Now()
	ws, err := e.pass(ctx, items, s.Workers, res.Model.scorer(s.Threshold), &done)
	if err != nil {
		return nil, err
	}
	res.Candidates = 0 // counted again, with each rule's share
	res.Pairs = res.collect(ws)
	res.Clusters = cluster(recs.Len(), res.Pairs, s.ClusterThreshold, s.ClusterDensity)
	res.Timing.Score = time.Since(t)
	res.Timing.Total = time.Since(start)
	return res, nil
}

// pairing chooses which pairs of each block are compared.
func (s *Settings) pairing(n, nLeft int) (pairing, error) {
	switch {
	case s.Focus < 0 || s.Focus > n || (s.Focus > 0 && nLeft > 0):
		return pairing{}, fmt.Errorf("%w: focus %d: want 0 to %d records, and only when deduplicating", errSettings, s.Focus, n)
	case nLeft > 0:
		return pairing{split: uint32(nLeft), mode: pairCross}, nil
	case s.Focus > 0:
		return pairing{split: uint32(s.Focus), mode: pairFocus}, nil
	}
	return pairing{}, nil
}

// estimate fits the model: from Settings.Params when given, else by one
// counting pass over the candidates, random sampling and EM.
func (res *Result) estimate(ctx context.Context, e *engine, items []item, s Settings, done *atomic.Int64) error {
	if s.Params != nil {
		m, err := modelFrom(e, res.Records, s, s.Params)
		res.Model = m
		return err
	}
	t := time.Now()
	ws, err := e.pass(ctx, items, s.Workers, nil, done)
	if err != nil {
		return err
	}
	for _, w := range ws {
		for _, n := range w.fresh {
			res.Candidates += n
		}
	}
	res.Timing.Compare = time.Since(t)
	t = time.Now()
	res.Model = fit(e, res.Records, s, maskedCounts(ws))
	res.Timing.Estimate = time.Since(t)
	return nil
}

// collect gathers the workers' pairs in order and counts the candidates.
func (res *Result) collect(ws []*worker) []Pair {
	parts := make([][]Pair, len(ws))
	for k, w := range ws {
		parts[k] = w.pairs
		for r, n := range w.fresh {
			res.Blocking[r].New += n
			res.Candidates += n
		}
	}
	pairs := slices.Concat(parts...)
	slices.SortFunc(pairs, func(x, y Pair) int {
		if x.A != y.A {
			return int(x.A - y.A)
		}
		return int(x.B - y.B)
	})
	return pairs
}

// encode interns every column used once, builds the blocking rules from
// the interned ids, lays records out in block order, then builds the
// fields; one goroutine per column or rule.
func encode(recs *Records, nLeft int, pg pairing, s Settings) (*engine, error) {
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
	rules := buildRules(s.Blocking, cols, s.MaxBlock, pg) // keys are built before values are relabelled
	perm := layout(rules, recs.Len(), pg)
	for _, c := range interned {
		wg.Go(func() { c.relabel(perm) })
	}
	wg.Wait()
	fields := make([]*field, len(s.Comparisons))
	for i, c := range s.Comparisons {
		wg.Go(func() { fields[i] = newField(c, cols[c.Column]) })
	}
	wg.Wait()
	return newEngine(fields, rules, nLeft, recs.Len(), pg, perm)
}

// fit estimates u by random sampling, then m and λ: by default in one EM
// session per blocking rule with u fixed (Splink's method), or, with
// Settings.Estimation "candidates", by one EM over all candidates that
// also re-estimates u among them. masked counts the candidates (see maskedCounts).
func fit(e *engine, recs *Records, s Settings, masked map[uint64]float64) *Model {
	all := e.allPatterns(masked)
	ur := e.sampleU(s.USamples, s.Seed, s.Workers)
	if s.Estimation == EstimateCandidates {
		m, u := initialM(e.fields), cloneParams(ur)
		lambda := 0.1
		iters := 0
		if len(all) > 0 {
			iters = em(all, m, u, &lambda, s.EMIterations, emOptions{})
		}
		lambda = min(max(lambda, 1e-9), 1-1e-9)
		return newModel(e, recs, s, m, u, ur, lambda, iters, nil)
	}
	m, iters := e.estimateSessions(masked, s.Blocking, ur, s.EMIterations)
	lambda := globalLambda(all, m, ur, e.allPairs())
	lambda = min(max(lambda, 1e-15), 1-1e-9)
	return newModel(e, recs, s, m, ur, ur, lambda, iters, nil)
}

// allPairs is the number of pairs without blocking.
func (e *engine) allPairs() float64 {
	if e.nLeft > 0 {
		return float64(e.nLeft) * float64(e.n-int(e.nLeft))
	}
	return float64(e.n) * float64(e.n-1) / 2
}
