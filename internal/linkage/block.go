package linkage

import (
	"strconv"
	"strings"
	"sync"
)

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

// keyOf builds the blocking key of a row into buf; ok is false when a part is missing.
func keyOf(buf []byte, row []string, cols []int, parts []KeyPart) ([]byte, bool) {
	buf = buf[:0]
	for k, p := range parts {
		v := normalise(row[cols[k]])
		if p.Soundex {
			v = soundex(v)
		} else if p.Prefix > 0 && len(v) > p.Prefix {
			if rs := []rune(v); len(rs) > p.Prefix {
				v = string(rs[:p.Prefix])
			}
		}
		if v == "" {
			return buf, false
		}
		buf = append(append(buf, v...), 0x1f)
	}
	return buf, true
}

func newRule(br BlockingRule, recs *Records) *rule {
	cols := make([]int, len(br.Parts))
	for k, p := range br.Parts {
		cols[k] = recs.column(p.Column)
	}
	r := &rule{name: br.label(), keys: make([]uint32, recs.Len())}
	seen := make(map[string]uint32)
	var buf []byte
	var sizes []uint32
	for i, row := range recs.Rows {
		var ok bool
		buf, ok = keyOf(buf, row, cols, br.Parts)
		if !ok {
			r.keys[i] = null
			continue
		}
		id, found := seen[string(buf)]
		if !found {
			id = uint32(len(sizes))
			seen[string(buf)] = id
			sizes = append(sizes, 0)
		}
		sizes[id]++
		r.keys[i] = id
	}
	r.group(sizes)
	return r
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

func buildRules(brs []BlockingRule, recs *Records) []*rule {
	rules := make([]*rule, len(brs))
	var wg sync.WaitGroup
	for i, br := range brs {
		wg.Go(func() { rules[i] = newRule(br, recs) })
	}
	wg.Wait()
	return rules
}
