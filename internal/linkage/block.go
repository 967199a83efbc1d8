package linkage

import (
	"strconv"
	"strings"
	"sync"
)

// maxParts is the most key parts a blocking rule may have.
const maxParts = 4

// RuleStats reports what one blocking rule generated.
type RuleStats struct {
	// Rule is the rule's name.
	Rule string
	// Pairs is the number of pairs the rule generates on its own, counted before scoring.
	Pairs int64
	// New is the number of those pairs no earlier rule generated, known after scoring.
	New int64
	// LargestBlock is the size of the rule's largest block.
	LargestBlock int
}

// rule is a blocking rule with its key interned per record and the records
// grouped into blocks: order[starts[b]:starts[b+1]] is block b, ascending.
type rule struct {
	name   string
	keys   []uint32 // per record, null when a key part is missing
	order  []uint32
	starts []uint32
}

func (r BlockingRule) label() string {
	if r.Name != "" {
		return r.Name
	}
	parts := make([]string, len(r.Parts))
	for i, p := range r.Parts {
		parts[i] = p.label()
	}
	return strings.Join(parts, " & ")
}

func (p KeyPart) label() string {
	switch {
	case p.Soundex:
		return "soundex(" + p.Column + ")"
	case p.Prefix > 0:
		return "prefix(" + p.Column + "," + strconv.Itoa(p.Prefix) + ")"
	}
	return p.Column
}

// partIDs maps each distinct value of the part's column to the id of its
// reduced form (prefix or Soundex), or nil when the value id serves as is.
func partIDs(p KeyPart, c *column) []uint32 {
	if !p.Soundex && p.Prefix <= 0 {
		return nil
	}
	out := make([]uint32, len(c.vals))
	seen := make(map[string]uint32)
	for v, s := range c.vals {
		if p.Soundex {
			s = soundex(s)
		} else if rs := []rune(s); len(rs) > p.Prefix {
			s = string(rs[:p.Prefix])
		}
		if s == "" {
			out[v] = null
			continue
		}
		id, ok := seen[s]
		if !ok {
			id = uint32(len(seen))
			seen[s] = id
		}
		out[v] = id
	}
	return out
}

// newRule keys every record by its parts' ids; a missing part means no key.
// Parts are combined pairwise through maps keyed by two uint32 ids, which
// is far cheaper than hashing key strings.
func newRule(br BlockingRule, cols map[string]*column) *rule {
	r := &rule{name: br.label()}
	var sizes int
	for k, p := range br.Parts {
		c := cols[p.Column]
		ids, n := partKeys(p, c)
		if k == 0 {
			r.keys, sizes = ids, n
			continue
		}
		r.keys, sizes = combine(r.keys, ids)
	}
	counts := make([]uint32, sizes)
	for _, k := range r.keys {
		if k != null {
			counts[k]++
		}
	}
	r.group(counts)
	return r
}

// partKeys returns a dense id per record for one key part, and how many ids exist.
func partKeys(p KeyPart, c *column) ([]uint32, int) {
	m := partIDs(p, c)
	out := make([]uint32, len(c.ids))
	n := len(c.vals)
	if m != nil {
		n = 0
		for _, v := range m {
			if v != null {
				n = max(n, int(v)+1)
			}
		}
	}
	for i, v := range c.ids {
		if v != null && m != nil {
			v = m[v]
		}
		out[i] = v
	}
	return out, n
}

// combine pairs two per-record ids into one dense id; null when either is missing.
func combine(a, b []uint32) ([]uint32, int) {
	seen := make(map[uint64]uint32, len(a)/4)
	out := make([]uint32, len(a))
	for i := range a {
		if a[i] == null || b[i] == null {
			out[i] = null
			continue
		}
		k := uint64(a[i])<<32 | uint64(b[i])
		id, ok := seen[k]
		if !ok {
			id = uint32(len(seen))
			seen[k] = id
		}
		out[i] = id
	}
	return out, len(seen)
}

// group orders records by key with a counting sort, keeping index order within a block.
func (r *rule) group(sizes []uint32) {
	r.starts = make([]uint32, len(sizes)+1)
	for id, n := range sizes {
		r.starts[id+1] = r.starts[id] + n
	}
	next := append([]uint32(nil), r.starts[:len(sizes)]...)
	r.order = make([]uint32, r.starts[len(sizes)])
	for i, k := range r.keys {
		if k != null {
			r.order[next[k]] = uint32(i)
			next[k]++
		}
	}
}

// block returns the members of block b.
func (r *rule) block(b int) []uint32 { return r.order[r.starts[b]:r.starts[b+1]] }

func (r *rule) blocks() int { return len(r.starts) - 1 }

// split returns how many members of a block are left records (they come first).
func split(members []uint32, nLeft uint32) int {
	lo, hi := 0, len(members)
	for lo < hi {
		mid := (lo + hi) / 2
		if members[mid] < nLeft {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// blockPairs counts the pairs of a block: all pairs when deduplicating,
// left×right pairs when linking (nLeft > 0).
func blockPairs(members []uint32, nLeft uint32) int64 {
	n := int64(len(members))
	if nLeft == 0 {
		return n * (n - 1) / 2
	}
	l := int64(split(members, nLeft))
	return l * (n - l)
}

func buildRules(brs []BlockingRule, cols map[string]*column) []*rule {
	rules := make([]*rule, len(brs))
	var wg sync.WaitGroup
	for i, br := range brs {
		wg.Go(func() { rules[i] = newRule(br, cols) })
	}
	wg.Wait()
	return rules
}
