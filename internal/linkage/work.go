package linkage

// item is a unit of scoring work: blocks [b0, b1) of one rule, or, when
// rows is set, only members [r0, r1) of block b0 paired with the later ones
// (how one huge block is shared between workers).
type item struct {
	rule   int32
	b0, b1 int32
	r0, r1 int32
	rows   bool
}

// itemPairs is roughly how many pairs one item holds: small enough to keep
// both cores busy to the end, large enough that handing out items is free.
const itemPairs = 1 << 15

// plan splits every rule into items and counts each rule's pairs.
func plan(rules []*rule, nLeft uint32) ([]item, []RuleStats, int64) {
	var items []item
	stats := make([]RuleStats, len(rules))
	var total int64
	for ri, r := range rules {
		st := &stats[ri]
		st.Rule = r.name
		cur := item{rule: int32(ri)}
		var acc int64
		for b := range r.blocks() {
			m := r.block(b)
			st.LargestBlock = max(st.LargestBlock, len(m))
			p := blockPairs(m, nLeft)
			st.Pairs += p
			if p == 0 {
				continue
			}
			if p > itemPairs {
				items = append(items, splitBlock(int32(ri), int32(b), m, nLeft)...)
				continue
			}
			if acc == 0 {
				cur.b0 = int32(b)
			}
			cur.b1 = int32(b) + 1
			acc += p
			if acc >= itemPairs {
				items = append(items, cur)
				acc = 0
			}
		}
		if acc > 0 {
			items = append(items, cur)
		}
		total += st.Pairs
	}
	return items, stats, total
}

// splitBlock cuts a big block into row ranges of about itemPairs pairs.
func splitBlock(ri, b int32, m []uint32, nLeft uint32) []item {
	n := len(m)
	lastRow := n
	if nLeft > 0 {
		lastRow = split(m, nLeft)
	}
	var out []item
	start, acc := 0, 0
	for i := range lastRow {
		if nLeft > 0 {
			acc += n - lastRow
		} else {
			acc += n - 1 - i
		}
		if acc >= itemPairs || i == lastRow-1 {
			out = append(out, item{rule: ri, b0: b, b1: b + 1, r0: int32(start), r1: int32(i + 1), rows: true})
			start, acc = i+1, 0
		}
	}
	return out
}
