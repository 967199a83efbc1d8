package linkage

// scratch holds per-worker buffers so that string comparisons in the hot
// loop allocate nothing once the buffers have grown to the longest value.
type scratch struct {
	fa, fb           []bool
	row0, row1, row2 []int32
}

func (s *scratch) flags(la, lb int) ([]bool, []bool) {
	if cap(s.fa) < la {
		s.fa = make([]bool, la*2)
	}
	if cap(s.fb) < lb {
		s.fb = make([]bool, lb*2)
	}
	fa, fb := s.fa[:la], s.fb[:lb]
	clear(fa)
	clear(fb)
	return fa, fb
}

func (s *scratch) rows(n int) ([]int32, []int32, []int32) {
	if cap(s.row0) < n {
		s.row0 = make([]int32, n*2)
		s.row1 = make([]int32, n*2)
		s.row2 = make([]int32, n*2)
	}
	return s.row0[:n], s.row1[:n], s.row2[:n]
}

// jaroWinkler returns the Jaro–Winkler similarity of a and b in [0, 1]
// with the usual prefix scale 0.1 over at most four characters.
func jaroWinkler(a, b []rune, s *scratch) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	window = max(window, 0)
	fa, fb := s.flags(la, lb)
	matches := 0
	for i, ra := range a {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !fb[j] && b[j] == ra {
				fa[i], fb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	half, k := 0, 0
	for i, ra := range a {
		if !fa[i] {
			continue
		}
		for !fb[k] {
			k++
		}
		if ra != b[k] {
			half++
		}
		k++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(half/2))/m) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// damerau returns the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and adjacent transpositions cost 1.
func damerau(a, b []rune, s *scratch) int { return editDistance(a, b, s, true) }

// levenshtein returns the plain edit distance (no transpositions).
func levenshtein(a, b []rune, s *scratch) int { return editDistance(a, b, s, false) }

// editDistance is the dynamic programme behind both distances, over three
// reused rows; transpose adds the adjacent-transposition step.
func editDistance(a, b []rune, s *scratch, transpose bool) int {
	la, lb := len(a), len(b)
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	prev2, prev, cur := s.rows(lb + 1)
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= la; i++ {
		cur[0] = int32(i)
		for j := 1; j <= lb; j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if transpose && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[lb])
}

// soundex returns the four-character American Soundex code of s, or ""
// when s has no letters. Used only for blocking keys.
func soundex(s string) string {
	const codes = "01230120022455012623010202"
	var out [4]byte
	n := 0
	var last byte
	for i := 0; i < len(s) && n < 4; i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			continue
		}
		code := codes[c-'a']
		if n == 0 {
			out[0] = c - 0x20
			n, last = 1, code
			continue
		}
		if code != '0' && code != last {
			out[n] = code
			n++
		}
		if c != 'h' && c != 'w' {
			last = code
		}
	}
	if n == 0 {
		return ""
	}
	for ; n < 4; n++ {
		out[n] = '0'
	}
	return string(out[:])
}
