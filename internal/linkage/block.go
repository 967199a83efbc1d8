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
	// LargestBlock is the size of the rule's largest block that was compared.
	LargestBlock int
	// Capped is the number of blocks with more than Settings.MaxBlock
	// records: they are not compared at all (a key shared by thousands of
	// records, such as a placeholder date of birth, says little and would
	// cost pairs quadratic in its size). CappedRecords is how many records
	// they hold and CappedPairs the pairs they would have generated.
	Capped        int
	CappedRecords int64
	CappedPairs   int64
	// LargestCapped is the size of the largest block left out.
	LargestCapped int
}

// rule is a blocking rule with its key interned per record and the records
// grouped into blocks: order[starts[b]:starts[b+1]] is block b, ascending.
type rule struct {
	name   string
	stats  RuleStats // what capBlocks left out
	keys   []uint32  // per record, null when a key part is missing
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
// is far cheaper than hashing key strings. Blocks of more than maxBlock
// records lose their key (see RuleStats.Capped), so that no later step,
// scoring or estimation, treats their records as blocked together.
func newRule(br BlockingRule, cols map[string]*column, maxBlock int, pg pairing) *rule {
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
	r.capBlocks(counts, maxBlock, pg)
	r.group(counts)
	return r
}

// capBlocks removes the key of every record in a block over maxBlock
// records and reports what was left out.
func (r *rule) capBlocks(counts []uint32, maxBlock int, pg pairing) {
	var lefts []uint32 // per key: records below the pairing's split
	over := false
	for _, c := range counts {
		over = over || int(c) > maxBlock
	}
	if !over {
		return
	}
	lefts = make([]uint32, len(counts))
	for i, k := range r.keys {
		if k != null && uint32(i) < pg.split {
			lefts[k]++
		}
	}
	for k, c := range counts {
		if int(c) <= maxBlock {
			continue
		}
		r.stats.Capped++
		r.stats.CappedRecords += int64(c)
		r.stats.CappedPairs += pg.count(int64(c), int64(lefts[k]))
		r.stats.LargestCapped = max(r.stats.LargestCapped, int(c))
	}
	for i, k := range r.keys {
		if k != null && int(counts[k]) > maxBlock {
			r.keys[i] = null
		}
	}
	for k, c := range counts {
		if int(c) > maxBlock {
			counts[k] = 0
		}
	}
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

// pairing says which pairs of a block are compared. Positions below split
// come first in every block: the left table when linking, the focus records
// (Settings.Focus) when deduplicating around them.
type pairing struct {
	split uint32
	mode  pairMode
}

type pairMode uint8

const (
	pairAll   pairMode = iota // deduplicate: every pair of the block
	pairCross                 // link: left × right
	pairFocus                 // deduplicate around focus records: pairs with at least one
)

// rows returns the rows of a block that start pairs ([0, r1)) and, for
// row i, the first partner: m[i] is paired with m[from(i):].
func (p pairing) rows(m []uint32) (r1 int, from func(i int) int) {
	switch p.mode {
	case pairCross:
		l := split(m, p.split)
		return l, func(int) int { return l }
	case pairFocus:
		return split(m, p.split), func(i int) int { return i + 1 }
	}
	return len(m), func(i int) int { return i + 1 }
}

// count is the pairs of a block of n records, l of them below split.
func (p pairing) count(n, l int64) int64 {
	switch p.mode {
	case pairCross:
		return l * (n - l)
	case pairFocus:
		return l*(l-1)/2 + l*(n-l)
	}
	return n * (n - 1) / 2
}

// pairs counts the pairs of a block.
func (p pairing) pairs(m []uint32) int64 {
	return p.count(int64(len(m)), int64(split(m, p.split)))
}

// split returns how many members of a block are below nLeft (they come first).
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

func buildRules(brs []BlockingRule, cols map[string]*column, maxBlock int, pg pairing) []*rule {
	rules := make([]*rule, len(brs))
	var wg sync.WaitGroup
	for i, br := range brs {
		wg.Go(func() { rules[i] = newRule(br, cols, maxBlock, pg) })
	}
	wg.Wait()
	return rules
}

// Key returns the record's blocking key under the rule, as Dedupe groups
// records, from value (a column's raw value); ok is false when a part is
// missing. Two records share a block exactly when their keys are equal, so
// a store can index keys and find a changed record's candidates without
// reading the others.
func (r BlockingRule) Key(value func(column string) string) (key string, ok bool) {
	var b strings.Builder
	for i, p := range r.Parts {
		s := normalise(value(p.Column))
		switch {
		case s == "":
		case p.Soundex:
			s = soundex(s)
		case p.Prefix > 0:
			if rs := []rune(s); len(rs) > p.Prefix {
				s = string(rs[:p.Prefix])
			}
		}
		if s == "" {
			return "", false
		}
		if i > 0 {
			b.WriteByte(0x1f)
		}
		b.WriteString(s)
	}
	return b.String(), true
}

// Label names the rule in reports: its Name, or its parts joined by " & ".
func (r BlockingRule) Label() string { return r.label() }
