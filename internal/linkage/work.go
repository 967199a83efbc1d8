package linkage

// item is a unit of scoring work: blocks [b0, b1) of one rule, or, when
// rows is set, only rows [r0, r1) of block b0 paired with their partners
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

// plan splits every rule into items and counts each rule's pairs. A run of
// small blocks becomes one item; a block of more than itemPairs pairs
// becomes items of its own, and the run of small blocks before it is
// closed first, so that no block is ever in two items.
func plan(rules []*rule, pg pairing) ([]item, []RuleStats, int64) {
	var items []item
	stats := make([]RuleStats, len(rules))
	var total int64
	for ri, r := range rules {
		st := &stats[ri]
		*st = r.stats
		st.Rule = r.name
		cur := item{rule: int32(ri)}
		var acc int64
		flush := func() {
			if acc > 0 {
				items = append(items, cur)
				acc = 0
			}
		}
		for b := range r.blocks() {
			m := r.block(b)
			st.LargestBlock = max(st.LargestBlock, len(m))
			p := pg.pairs(m)
			st.Pairs += p
			if p == 0 {
				continue
			}
			if p > itemPairs {
				flush()
				items = append(items, splitBlock(int32(ri), int32(b), m, pg)...)
				continue
			}
			if acc == 0 {
				cur.b0 = int32(b)
			}
			cur.b1 = int32(b) + 1
			acc += p
			if acc >= itemPairs {
				flush()
			}
		}
		flush()
		total += st.Pairs
	}
	return items, stats, total
}

// splitBlock cuts a big block into row ranges of about itemPairs pairs.
func splitBlock(ri, b int32, m []uint32, pg pairing) []item {
	lastRow, from := pg.rows(m)
	var out []item
	start, acc := 0, 0
	for i := range lastRow {
		acc += len(m) - from(i)
		if acc >= itemPairs || i == lastRow-1 {
			out = append(out, item{rule: ri, b0: b, b1: b + 1, r0: int32(start), r1: int32(i + 1), rows: true})
			start, acc = i+1, 0
		}
	}
	return out
}
