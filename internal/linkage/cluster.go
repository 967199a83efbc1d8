package linkage

import (
	"cmp"
	"slices"
)

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
}

// cluster groups records into entities. Pairs at or above strong join
// their records outright (connected components). Weaker matching pairs only
// join two components when at least density of all record pairs across
// them matched; joins happen in rounds, each component joining at most one
// other per round and densities recounted after every round, so a chain of
// weak links A–B–C cannot pull A and C together unless A–C matched too.
// It returns a dense cluster number per record.
func cluster(n int, pairs []Pair, strong, density float64) []int32 {
	uf := newUnionFind(n)
	var weak []Pair
	for _, p := range pairs {
		if float64(p.Probability) >= strong {
			uf.union(p.A, p.B)
		} else {
			weak = append(weak, p)
		}
	}
	for range 16 {
		if joinDense(uf, weak, density) == 0 {
			break
		}
	}
	return number(uf, n)
}

// joinDense performs one round of weak joins and returns how many happened.
func joinDense(uf *unionFind, weak []Pair, density float64) int {
	type link struct{ a, b int32 }
	counts := make(map[link]int)
	for _, p := range weak {
		ra, rb := uf.find(p.A), uf.find(p.B)
		if ra != rb {
			counts[link{min(ra, rb), max(ra, rb)}]++
		}
	}
	type cand struct {
		l link
		d float64
	}
	var cands []cand
	for l, c := range counts {
		d := float64(c) / (float64(uf.size[l.a]) * float64(uf.size[l.b]))
		if d >= density {
			cands = append(cands, cand{l, d})
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		if x.d != y.d {
			return cmp.Compare(y.d, x.d)
		}
		return cmp.Or(cmp.Compare(x.l.a, y.l.a), cmp.Compare(x.l.b, y.l.b))
	})
	used := make(map[int32]bool)
	joined := 0
	for _, c := range cands {
		if used[c.l.a] || used[c.l.b] {
			continue
		}
		used[c.l.a], used[c.l.b] = true, true
		uf.union(c.l.a, c.l.b)
		joined++
	}
	return joined
}

// number gives each component a dense number in order of first record.
func number(uf *unionFind, n int) []int32 {
	ids := make([]int32, n)
	num := make([]int32, n)
	for i := range num {
		num[i] = -1
	}
	next := int32(0)
	for i := range ids {
		r := uf.find(int32(i))
		if num[r] < 0 {
			num[r] = next
			next++
		}
		ids[i] = num[r]
	}
	return ids
}
