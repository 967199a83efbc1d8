package linkage

// sig is a 16-bucket character histogram of a value. Two values can share
// at most sharedChars characters and need at least editFloor edits, so most
// dissimilar pairs are settled without running Jaro–Winkler or an edit
// distance: the cheap test that makes comparing random pairs fast.
type sig [16]uint8

func signature(r []rune) sig {
	var s sig
	for _, c := range r {
		if b := &s[c&15]; *b < 255 {
			*b++
		}
	}
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
	for i := range a {
		n += int(min(a[i], b[i]))
	}
	return n
}

// editFloor bounds the edit distance from below: every insertion or
// deletion changes the histogram by one, a substitution by at most two.
func editFloor(a, b *sig) int {
	d := 0
	for i := range a {
		x, y := int(a[i]), int(b[i])
		d += max(x-y, y-x)
	}
	return (d + 1) / 2
}

// jwCeiling bounds Jaro–Winkler from above from the shared-character bound
// (no transpositions) and the true common prefix.
func jwCeiling(a, b []rune, sa, sb *sig) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	m := float64(min(sharedChars(sa, sb), la, lb))
	if m == 0 {
		return 0
	}
	j := (m/float64(la) + m/float64(lb) + 1) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}
