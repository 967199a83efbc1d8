package linkage

import (
	"fmt"
	"slices"
)

// FieldExplanation is one comparison's part in a pair's match weight.
type FieldExplanation struct {
	// Name is the comparison's name.
	Name string
	// Left and Right are the compared values ("" when missing).
	Left, Right string
	// Level is the label of the level the pair landed on.
	Level string
	// Weight is the level's match weight.
	Weight float64
	// TF is the term-frequency adjustment added on exact agreement.
	TF float64
}

// Explanation says why two records did or did not match.
type Explanation struct {
	// Left and Right are the record IDs.
	Left, Right string
	// Prior is the weight before comparing.
	Prior float64
	// Fields hold every comparison's contribution.
	Fields []FieldExplanation
	// Weight is the total match weight and Probability its probability.
	Weight, Probability float64
	// Match reports whether Probability reaches the threshold.
	Match bool
	// Rules lists the blocking rules that compare this pair; when empty
	// the pair is never scored, whatever its weight.
	Rules []string
}

// Lookup returns the index of the record with the given ID, preferring the
// left table when linking and both hold it.
func (m *Model) Lookup(id string) (int, bool) {
	i := slices.Index(m.recs.IDs, id)
	return i, i >= 0
}

// Explain scores records i and j (indexes into the records the model was
// fitted on; when linking, right records follow the left ones).
func (m *Model) Explain(i, j int) (Explanation, error) {
	if i < 0 || j < 0 || i >= m.e.n || j >= m.e.n {
		return Explanation{}, fmt.Errorf("%w: record index out of range", errSettings)
	}
	a, b := uint32(i), uint32(j)
	ex := Explanation{Left: m.recs.IDs[i], Right: m.recs.IDs[j], Prior: m.prior, Weight: m.prior}
	var s scratch
	for f, fd := range m.e.fields {
		l := fd.level(a, b, &s)
		fe := FieldExplanation{Name: fd.cmp.Name, Left: value(fd, a), Right: value(fd, b), Level: fd.labels[l], Weight: m.w[f][l]}
		if fd.tfAdj != nil && int(l) == fd.nlev {
			fe.TF = float64(fd.tfAdj[fd.ids[a]])
		}
		ex.Weight += fe.Weight + fe.TF
		ex.Fields = append(ex.Fields, fe)
	}
	ex.Probability = Probability(ex.Weight)
	ex.Match = ex.Probability >= m.Threshold
	for r, rule := range m.e.rules {
		if k := rule.keys; k[a] != null && k[a] == k[b] {
			ex.Rules = append(ex.Rules, m.rules[r].label())
		}
	}
	return ex, nil
}

func value(fd *field, i uint32) string {
	if fd.ids[i] == null {
		return ""
	}
	return fd.vals[fd.ids[i]]
}
