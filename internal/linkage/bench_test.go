package linkage

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

// benchEngine encodes FEBRL 2 with the FEBRL configuration.
func benchEngine(b *testing.B) (*engine, []item, int64) {
	b.Helper()
	recs := loadFEBRL(b, "dataset2.csv")
	s := febrlSettings(b).withDefaults()
	e, err := encode(recs, 0, pairing{}, s)
	if err != nil {
		b.Fatal(err)
	}
	items, _, total := plan(e.rules, pairing{})
	return e, items, total
}

// BenchmarkCompareCandidates measures one core comparing FEBRL 2's
// blocked candidate pairs (ten fields each): the scoring hot loop.
func BenchmarkCompareCandidates(b *testing.B) {
	e, items, _ := benchEngine(b)
	w := &worker{e: e, fresh: make([]int64, len(e.rules)), done: new(atomic.Int64), counts: map[uint64]float64{}}
	var pairs int64
	b.ReportAllocs()
	for b.Loop() {
		clear(w.fresh)
		for _, it := range items {
			w.do(it)
		}
		for _, n := range w.fresh {
			pairs += n
		}
	}
	b.ReportMetric(float64(pairs)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkCompareRandom measures one core comparing random pairs, where
// almost every field differs: the worst case for the similarity functions.
func BenchmarkCompareRandom(b *testing.B) {
	e, _, _ := benchEngine(b)
	rng := rand.New(rand.NewPCG(1, 2))
	as := make([]uint32, 4096)
	bs := make([]uint32, 4096)
	for i := range as {
		as[i], bs[i] = e.randomPair(rng)
	}
	var s scratch
	var sink uint32
	var pairs int64
	b.ReportAllocs()
	for b.Loop() {
		for i := range as {
			sink += e.pattern(as[i], bs[i], &s)
		}
		pairs += int64(len(as))
	}
	_ = sink
	b.ReportMetric(float64(pairs)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkJaroWinkler measures the similarity on two typical surnames.
func BenchmarkJaroWinkler(b *testing.B) {
	x, y := []rune("oyelaran"), []rune("oyelarna")
	var s scratch
	for b.Loop() {
		jaroWinkler(x, y, &s)
	}
}
