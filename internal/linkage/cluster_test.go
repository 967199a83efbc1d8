package linkage

import (
	"slices"
	"testing"
)

func TestCluster(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		pairs []Pair
		want  []int32
	}{
		{"strong pairs chain", 4, []Pair{{A: 0, B: 1, Probability: 0.999}, {A: 1, B: 2, Probability: 0.995}}, []int32{0, 0, 0, 1}},
		{"weak pair joins singletons", 3, []Pair{{A: 0, B: 1, Probability: 0.6}}, []int32{0, 0, 1}},
		{"weak chain A-B-C does not pull in C", 3, []Pair{{A: 0, B: 1, Probability: 0.7}, {A: 1, B: 2, Probability: 0.6}}, []int32{0, 0, 1}},
		{"weak triangle joins", 3, []Pair{{A: 0, B: 1, Probability: 0.7}, {A: 1, B: 2, Probability: 0.6}, {A: 0, B: 2, Probability: 0.6}}, []int32{0, 0, 0}},
		{"one weak bridge between two strong clusters", 4,
			[]Pair{{A: 0, B: 1, Probability: 0.999}, {A: 2, B: 3, Probability: 0.999}, {A: 1, B: 2, Probability: 0.7}}, []int32{0, 0, 1, 1}},
		{"dense weak links join strong clusters", 4,
			[]Pair{{A: 0, B: 1, Probability: 0.999}, {A: 2, B: 3, Probability: 0.999}, {A: 0, B: 2, Probability: 0.7},
				{A: 1, B: 2, Probability: 0.7}, {A: 1, B: 3, Probability: 0.7}}, []int32{0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cluster(tt.n, tt.pairs, 0.99, 0.6); !slices.Equal(got, tt.want) {
				t.Errorf("cluster = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	truth := []string{"a", "a", "a", "b", "b", "c"}
	pairs := []Pair{{A: 0, B: 1}, {A: 1, B: 2}, {A: 3, B: 5}}
	s := EvaluatePairs(pairs, truth, 0)
	if s.TruePairs != 4 || s.TP != 2 || s.Predicted != 3 {
		t.Fatalf("pairs: %+v, want 4 true, 2 TP, 3 predicted", s)
	}
	c := EvaluateClusters([]int32{0, 0, 0, 1, 2, 2}, truth, 0)
	if c.TruePairs != 4 || c.TP != 3 || c.Predicted != 4 {
		t.Fatalf("clusters: %+v, want 4 true, 3 TP, 4 predicted", c)
	}
	l := EvaluatePairs([]Pair{{A: 0, B: 2}}, []string{"x", "y", "x", "x"}, 2)
	if l.TruePairs != 2 || l.TP != 1 {
		t.Fatalf("link: %+v, want 2 true cross pairs, 1 TP", l)
	}
}
