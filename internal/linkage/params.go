package linkage

import (
	"fmt"
	"math"
)

// Params are a fitted model's parameters in a form that can be stored (as
// JSON) and given back in Settings.Params: records are then scored exactly
// as by the run that estimated them, without estimating again. A service
// that links records as they change fits once on all (or a sample of its)
// records and scores each change with the stored parameters.
type Params struct {
	// Lambda is the share of all pairs that match.
	Lambda float64 `json:"lambda"`
	// Comparisons follow Settings.Comparisons, in order.
	Comparisons []ParamComparison `json:"comparisons"`
}

// ParamComparison holds one comparison's parameters, indexed by level as
// Parameters.Levels are (level 0, "null", is unused).
type ParamComparison struct {
	Name    string    `json:"name"`
	M       []float64 `json:"m"`
	U       []float64 `json:"u"`
	URandom []float64 `json:"u_random"`
	// TF is, for a term-frequency comparison, the share of values equal to
	// each value held by at least two records; MinTF is the share taken for
	// every other value (one record's worth).
	TF    map[string]float64 `json:"tf,omitempty"`
	MinTF float64            `json:"min_tf,omitempty"`
}

// Params returns the model's parameters for Settings.Params.
func (m *Model) Params() *Params {
	p := &Params{Lambda: m.Lambda}
	for f, c := range m.Comparisons {
		pc := ParamComparison{Name: c.Name, M: make([]float64, len(c.Levels)), U: make([]float64, len(c.Levels)),
			URandom: make([]float64, len(c.Levels))}
		for l, lv := range c.Levels {
			pc.M[l], pc.U[l], pc.URandom[l] = lv.M, lv.U, lv.URandom
		}
		if fd := m.e.fields[f]; c.TermFrequency && fd.nonNil > 0 {
			pc.TF = map[string]float64{}
			pc.MinTF = 1 / float64(fd.nonNil)
			for v, n := range fd.count {
				if n >= 2 {
					pc.TF[fd.vals[v]] = float64(n) / float64(fd.nonNil)
				}
			}
		}
		p.Comparisons = append(p.Comparisons, pc)
	}
	return p
}

// modelFrom builds a model over e from stored parameters. Errors satisfy
// IsInvalid when the parameters do not fit the settings.
func modelFrom(e *engine, recs *Records, s Settings, p *Params) (*Model, error) {
	if len(p.Comparisons) != len(e.fields) || !(p.Lambda > 0 && p.Lambda < 1) {
		return nil, fmt.Errorf("%w: stored parameters do not fit the comparisons", errSettings)
	}
	mm, uu, ur := make([][]float64, len(e.fields)), make([][]float64, len(e.fields)), make([][]float64, len(e.fields))
	for f, fd := range e.fields {
		pc := p.Comparisons[f]
		n := fd.nlev + 1
		if len(pc.M) != n || len(pc.U) != n || len(pc.URandom) != n || pc.Name != fd.cmp.Name {
			return nil, fmt.Errorf("%w: stored parameters of %q do not fit the comparison", errSettings, fd.cmp.Name)
		}
		mm[f], uu[f], ur[f] = pc.M, pc.U, pc.URandom
	}
	return newModel(e, recs, s, mm, uu, ur, p.Lambda, 0, p), nil
}

// storedAdjustments are tfAdjustments with the frequencies of the records
// the parameters were estimated on, not of the records being scored (a
// handful of changed records would make every value look rare or common).
func storedAdjustments(fd *field, uExact float64, pc ParamComparison) []float32 {
	adj := make([]float32, len(fd.vals))
	for v, s := range fd.vals {
		tf, ok := pc.TF[s]
		if !ok {
			tf = pc.MinTF
		}
		if tf > 0 {
			adj[v] = float32(math.Log2(uExact / tf))
		}
	}
	return adj
}
