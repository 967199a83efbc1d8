package linkage

import "slices"

// layout orders records into positions so that the members of every block
// of the rule generating most pairs sit next to each other: comparing a
// block then reads consecutive rows instead of one cache miss per record.
// Left (or focus) records keep positions below pg.split. It returns perm (position →
// record) and rewrites every rule's blocks to hold positions.
func layout(rules []*rule, n int, pg pairing) []uint32 {
	nLeft := pg.split
	best, most := 0, int64(-1)
	for r, rl := range rules {
		var p int64
		for b := range rl.blocks() {
			p += pg.pairs(rl.block(b))
		}
		if p > most {
			best, most = r, p
		}
	}
	placed := make([]bool, n)
	var left, right []uint32
	add := func(i uint32) {
		placed[i] = true
		if nLeft == 0 || i < nLeft {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	for _, i := range rules[best].order {
		add(i)
	}
	for i := range placed {
		if !placed[i] {
			add(uint32(i))
		}
	}
	perm := append(left, right...)
	pos := make([]uint32, n)
	for p, i := range perm {
		pos[i] = uint32(p)
	}
	for _, rl := range rules {
		for k, i := range rl.order {
			rl.order[k] = pos[i]
		}
		for b := range rl.blocks() {
			slices.Sort(rl.block(b)) // left or focus positions first, as pairing needs
		}
	}
	return perm
}

// relabel renumbers a column's values in order of first appearance along
// perm, so that the per-value data (runes, signatures, dates) of records
// compared together also sit close in memory.
func (c *column) relabel(perm []uint32) {
	next := make([]uint32, len(c.vals))
	for i := range next {
		next[i] = null
	}
	vals := make([]string, 0, len(c.vals))
	count := make([]uint32, 0, len(c.vals))
	for _, i := range perm {
		v := c.ids[i]
		if v == null || next[v] != null {
			continue
		}
		next[v] = uint32(len(vals))
		vals = append(vals, c.vals[v])
		count = append(count, c.count[v])
	}
	for i, v := range c.ids {
		if v != null {
			c.ids[i] = next[v]
		}
	}
	c.vals, c.count = vals, count
}
