package linkage

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// null marks a missing value or key.
const null = ^uint32(0)

// field is one comparison with its column encoded once: every distinct
// value is interned to an id, and everything a comparison needs (runes,
// word ids, parsed dates, postcode parts) is precomputed per distinct value,
// so comparing two records touches only small arrays.
type field struct {
	cmp    Comparison
	nlev   int      // levels are 0 (null), 1 (else) … nlev (exact)
	labels []string // indexed by level
	ids    []uint32 // per record
	vals   []string // per value id
	runes  [][]rune
	sigs   []sig
	count  []uint32
	nonNil int // records with a value

	toks     [][]uint32 // token_set: word ids per value
	tokRunes [][]rune   // token_set: runes per word id
	tokSigs  []sig
	alias    []uint32 // nicknames: group per value, or null
	dates    []date
	nums     []float64
	pcs      []postcode
	tfAdj    []float32 // per value id, set by the model
}

func normalise(v string) string {
	v = strings.TrimSpace(v)
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(v)
		}
	}
	return v
}

// column is one input column interned: an id per record (null when
// empty) and each distinct value once, with how many records hold it.
type column struct {
	ids    []uint32
	vals   []string
	count  []uint32
	nonNil int
}

func internColumn(recs *Records, col int) *column {
	c := &column{ids: make([]uint32, recs.Len())}
	seen := make(map[string]uint32, recs.Len()/4)
	for i, row := range recs.Rows {
		v := normalise(row[col])
		if v == "" {
			c.ids[i] = null
			continue
		}
		c.nonNil++
		id, ok := seen[v]
		if !ok {
			id = uint32(len(c.vals))
			seen[v] = id
			c.vals = append(c.vals, v)
			c.count = append(c.count, 0)
		}
		c.count[id]++
		c.ids[i] = id
	}
	return c
}

func newField(cmp Comparison, c *column) *field {
	f := &field{cmp: cmp, ids: c.ids, vals: c.vals, count: c.count, nonNil: c.nonNil}
	f.runes = runesOf(f.vals)
	f.sigs = signatures(f.runes)
	f.prepare()
	return f
}

// runesOf converts values to rune slices backed by one arena.
func runesOf(vals []string) [][]rune {
	total := 0
	for _, v := range vals {
		total += utf8.RuneCountInString(v)
	}
	arena := make([]rune, 0, total)
	out := make([][]rune, len(vals))
	for i, v := range vals {
		start := len(arena)
		for _, r := range v {
			arena = append(arena, r)
		}
		out[i] = arena[start:len(arena):len(arena)]
	}
	return out
}

// prepare fills the kind-specific encodings and the level labels.
func (f *field) prepare() {
	th := f.cmp.Thresholds
	labels := []string{"null", "else"}
	switch f.cmp.Kind {
	case JaroWinkler:
		if len(th) == 0 {
			f.cmp.Thresholds, th = []float64{0.92, 0.8}, []float64{0.92, 0.8}
		}
		labels = append(labels, thresholdLabels("jw>=", th)...)
		if f.cmp.Nicknames {
			f.alias = aliasGroups(f.vals)
			labels = append(labels, "nickname")
		}
	case Levenshtein, Damerau:
		if len(th) == 0 {
			f.cmp.Thresholds, th = []float64{1, 2}, []float64{1, 2}
		}
		labels = append(labels, thresholdLabels(string(f.cmp.Kind)[:3]+"<=", th)...)
	case TokenSet:
		if len(th) == 0 {
			f.cmp.Thresholds, th = []float64{0.8, 0.5}, []float64{0.8, 0.5}
		}
		f.toks, f.tokRunes = tokenise(f.vals)
		f.tokSigs = signatures(f.tokRunes)
		labels = append(labels, thresholdLabels("words>=", th)...)
	case Date:
		if len(th) == 0 {
			f.cmp.Thresholds = []float64{365}
		}
		f.dates = parseDates(f.vals)
		labels = append(labels, "within "+strconv.FormatFloat(f.cmp.Thresholds[0], 'g', -1, 64)+"d", "one typo", "day/month swap")
	case Numeric:
		f.nums = make([]float64, len(f.vals))
		for i, v := range f.vals {
			f.nums[i], _ = strconv.ParseFloat(v, 64)
		}
		labels = append(labels, thresholdLabels("diff<=", th)...)
	case Postcode:
		f.pcs = postcodes(f.vals)
		labels = append(labels, "area", "district", "sector")
	}
	f.labels = append(labels, "exact")
	f.nlev = len(f.labels) - 1
}

// thresholdLabels returns labels ordered from weakest to strongest level,
// the order levels are numbered in.
func thresholdLabels(prefix string, th []float64) []string {
	out := make([]string, len(th))
	for i, t := range th {
		out[len(th)-1-i] = prefix + strconv.FormatFloat(t, 'g', -1, 64)
	}
	return out
}

// tokenise splits each value into words, interned to ids shared by all values.
func tokenise(vals []string) ([][]uint32, [][]rune) {
	ids := make(map[string]uint32)
	var words []string
	out := make([][]uint32, len(vals))
	for i, v := range vals {
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' }) {
			id, ok := ids[w]
			if !ok {
				id = uint32(len(words))
				ids[w] = id
				words = append(words, w)
			}
			out[i] = append(out[i], id)
		}
	}
	return out, runesOf(words)
}
