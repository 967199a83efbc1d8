package linkage

// sig is a 16-bucket character histogram of a value. Two values can share
// at most sharedChars characters and need at least editFloor edits, so most
// dissimilar pairs are settled without running Jaro–Winkler or an edit
// distance: the cheap test that makes comparing random pairs fast.
//
// It also carries the length and first four characters, so the bounds read
// one 40-byte entry per value and never the value's runes.
//
// The 16 counts (capped at 127) are packed a byte each into two words so
// the bounds run as a dozen word operations (SWAR) rather than a loop.
type sig struct {
	hist [2]uint64
	head [4]rune
	n    int32
	sum  int32 // total of the capped counts
}

func signature(r []rune) sig {
	var counts [16]uint8
	for _, c := range r {
		if b := &counts[c&15]; *b < 127 {
			*b++
		}
	}
	s := sig{n: int32(len(r))}
	for i, c := range counts {
		s.hist[i/8] |= uint64(c) << (8 * (i % 8))
		s.sum += int32(c)
	}
	copy(s.head[:], r)
	return s
}

// minSum returns the sum over bytes of min(a, b) for bytes below 128.
func minSum(a, b uint64) int {
	const hi = 0x8080808080808080
	ge := ((a | hi) - b) & hi // high bit of a byte set where a >= b
	mask := (ge >> 7) * 0xff
	m := b&mask | a&^mask
	m = m&0x00ff00ff00ff00ff + (m>>8)&0x00ff00ff00ff00ff
	return int((m * 0x0001000100010001) >> 48)
}

func signatures(rs [][]rune) []sig {
	out := make([]sig, len(rs))
	for i, r := range rs {
		out[i] = signature(r)
	}
	return out
}

// sharedChars bounds from above how many characters two values have in common.
func sharedChars(a, b *sig) int {
	return minSum(a.hist[0], b.hist[0]) + minSum(a.hist[1], b.hist[1])
}

// editFloor bounds the edit distance from below: every insertion or
// deletion changes the histogram by one, a substitution by at most two.
func editFloor(a, b *sig) int {
	d := int(a.sum+b.sum) - 2*sharedChars(a, b) // Σ|a−b| = Σa + Σb − 2·Σmin(a, b)
	return (d + 1) / 2
}

// jwCeiling bounds Jaro–Winkler from above from the shared-character bound
// (no transpositions) and the true common prefix.
func jwCeiling(sa, sb *sig) float64 {
	la, lb := int(sa.n), int(sb.n)
	if la == 0 || lb == 0 {
		return 0
	}
	m := float64(min(sharedChars(sa, sb), la, lb))
	if m == 0 {
		return 0
	}
	j := (m/float64(la) + m/float64(lb) + 1) / 3
	prefix := 0
	for prefix < min(4, la, lb) && sa.head[prefix] == sb.head[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}
