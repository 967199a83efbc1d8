package people

import (
	"sort"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// cluster groups records (by index) into persons. Officers' decisions are
// applied after the model's clustering: must-link pairs are joined first,
// then the model's pairs, strongest first, join records only where the model
// put them in one cluster and no cannot-link pair would end up together.
func cluster(recs []Record, res *linkage.Result, decisions []Decision) [][]int {
	u := newUnion(len(recs))
	index := make(map[string]int, len(recs))
	for i, r := range recs {
		index[r.Key] = i
	}
	for _, d := range decisions {
		a, okA := index[d.Left]
		b, okB := index[d.Right]
		if !okA || !okB {
			continue
		}
		if d.Kind == MustLink {
			u.join(a, b)
		} else {
			u.forbid(a, b)
		}
	}
	for _, g := range exactGroups(recs) {
		for _, m := range g[1:] {
			u.joinUnlessForbidden(g[0], m)
		}
	}
	if res != nil {
		pairs := append([]linkage.Pair(nil), res.Pairs...)
		sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].Weight > pairs[j].Weight })
		for _, p := range pairs {
			if res.Clusters[p.A] == res.Clusters[p.B] {
				u.joinUnlessForbidden(int(p.A), int(p.B))
			}
		}
	}
	return u.groups()
}

// exactGroups are records that agree exactly on the full name and on one
// identifier: date of birth, email, phone or UPRN. They are joined whatever
// the model says, which also links records while there are too few for EM
// to estimate anything (a new council's first weeks).
func exactGroups(recs []Record) [][]int {
	byKey := map[string][]int{}
	for i, r := range recs {
		name := strings.ToLower(strings.Join(strings.Fields(r.Name()), " "))
		if name == "" {
			continue
		}
		for _, id := range []struct{ kind, v string }{{"dob", r.DateOfBirth}, {"email", r.Email}, {"phone", r.Phone}, {"uprn", r.UPRN}} {
			if id.v != "" {
				k := name + "|" + id.kind + "|" + strings.ToLower(id.v)
				byKey[k] = append(byKey[k], i)
			}
		}
	}
	var out [][]int
	for _, g := range byKey {
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i][0] < out[j][0] || (out[i][0] == out[j][0] && len(out[i]) < len(out[j]))
	})
	return out
}

// union is a disjoint-set forest whose sets remember their members and the
// records they may not be joined with.
type union struct {
	parent  []int
	members map[int][]int
	cannot  map[int][]int // record → records it may not share a set with
}

func newUnion(n int) *union {
	u := &union{parent: make([]int, n), members: make(map[int][]int, n), cannot: map[int][]int{}}
	for i := range u.parent {
		u.parent[i] = i
		u.members[i] = []int{i}
	}
	return u
}

func (u *union) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *union) forbid(a, b int) {
	u.cannot[a] = append(u.cannot[a], b)
	u.cannot[b] = append(u.cannot[b], a)
}

func (u *union) join(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if len(u.members[ra]) < len(u.members[rb]) {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.members[ra] = append(u.members[ra], u.members[rb]...)
	delete(u.members, rb)
}

// joinUnlessForbidden joins the sets of a and b unless a member of one may
// not be with a member of the other.
func (u *union) joinUnlessForbidden(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	small, other := ra, rb
	if len(u.members[small]) > len(u.members[other]) {
		small, other = other, small
	}
	for _, m := range u.members[small] {
		for _, c := range u.cannot[m] {
			if u.find(c) == other {
				return
			}
		}
	}
	u.join(a, b)
}

// groups lists the sets, each sorted, in order of their first record.
func (u *union) groups() [][]int {
	var out [][]int
	for i := range u.parent {
		if u.find(i) == i {
			g := append([]int(nil), u.members[i]...)
			sort.Ints(g)
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// suggest lists the scored pairs that ended in different persons and that
// no officer has ruled on, most probable first, with the model's reasons.
func suggest(recs []Record, res *linkage.Result, groups [][]int, decisions []Decision) []Suggestion {
	if res == nil {
		return nil
	}
	group := make([]int, len(recs))
	for g, members := range groups {
		for _, m := range members {
			group[m] = g
		}
	}
	ruled := map[[2]string]bool{}
	for _, d := range decisions {
		ruled[pairKey(d.Left, d.Right)] = true
	}
	var out []Suggestion
	for _, p := range res.Pairs {
		a, b := recs[p.A], recs[p.B]
		if group[p.A] == group[p.B] || ruled[pairKey(a.Key, b.Key)] {
			continue
		}
		out = append(out, Suggestion{LeftKey: a.Key, RightKey: b.Key, Probability: float64(p.Probability), Why: why(res.Model, int(p.A), int(p.B))})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Probability > out[j].Probability })
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

func why(m *linkage.Model, a, b int) []FieldWhy {
	ex, err := m.Explain(a, b)
	if err != nil {
		return nil
	}
	out := make([]FieldWhy, len(ex.Fields))
	for i, f := range ex.Fields {
		out[i] = FieldWhy{Field: f.Name, Left: f.Left, Right: f.Right, Level: f.Level, Weight: f.Weight + f.TF}
	}
	return out
}

// pairKey orders two record keys, as decisions are stored.
func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}
