package linkage

// sig is a 16-bucket character histogram of a value. Two values can share
// at most sharedChars characters and need at least editFloor edits, so most
// dissimilar pairs are settled without running Jaro–Winkler or an edit
// distance: the cheap test that makes comparing random pairs fast.
//
// It also carries the length and first four characters, so the bounds read
// one 40-byte entry per value and never the value's runes.
type sig struct {
	hist [16]uint8
	head [4]rune
	n    int32
}

func signature(r []rune) sig {
	s := sig{n: int32(len(r))}
	for _, c := range r {
		if b := &s.hist[c&15]; *b < 255 {
			*b++
		}
	}
	copy(s.head[:], r)
	return s
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
	n := 0
	for i := range a.hist {
		n += int(min(a.hist[i], b.hist[i]))
	}
	return n
}

// editFloor bounds the edit distance from below: every insertion or
// deletion changes the histogram by one, a substitution by at most two.
func editFloor(a, b *sig) int {
	d := 0
	for i := range a.hist {
		x, y := int(a.hist[i]), int(b.hist[i])
		d += max(x-y, y-x)
	}
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
