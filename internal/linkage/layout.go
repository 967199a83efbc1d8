package linkage

import "slices"

// layout renumbers records into positions so that the members of every
// block of the rule generating most pairs sit next to each other in
// e.rows: comparing a block then reads consecutive memory instead of one
// cache miss per record. Left records keep positions below nLeft. Blocks
// of every rule are rewritten to hold positions; e.perm maps a position
// back to its record.
func (e *engine) layout() {
	best, most := 0, int64(-1)
	for r, rl := range e.rules {
		var p int64
		for b := range rl.blocks() {
			p += blockPairs(rl.block(b), e.nLeft)
		}
		if p > most {
			best, most = r, p
		}
	}
	placed := make([]bool, e.n)
	var left, right []uint32
	add := func(i uint32) {
		placed[i] = true
		if e.nLeft == 0 || i < e.nLeft {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	for _, i := range e.rules[best].order {
		add(i)
	}
	for i := range placed {
		if !placed[i] {
			add(uint32(i))
		}
	}
	e.perm = append(left, right...)
	pos := make([]uint32, e.n)
	for p, i := range e.perm {
		pos[i] = uint32(p)
	}
	for _, rl := range e.rules {
		for k, i := range rl.order {
			rl.order[k] = pos[i]
		}
		for b := range rl.blocks() {
			slices.Sort(rl.block(b)) // left positions first, as linking needs
		}
	}
}
