package linkage

// level returns the comparison level of records i and j.
func (f *field) level(i, j uint32, s *scratch) uint8 {
	return f.levelOf(f.ids[i], f.ids[j], s)
}

// levelOf returns the comparison level of value ids a and b: 0 null,
// 1 else, nlev exact, graded levels between. It allocates nothing.
func (f *field) levelOf(a, b uint32, s *scratch) uint8 {
	if a == null || b == null {
		return 0
	}
	if a == b {
		return uint8(f.nlev)
	}
	switch f.cmp.Kind {
	case JaroWinkler:
		return f.jwLevel(a, b, s)
	case Levenshtein, Damerau:
		return f.editLevel(a, b, s)
	case TokenSet:
		return f.graded(f.tokenDice(f.toks[a], f.toks[b], s), true)
	case Date:
		return f.dateLevel(a, b, s)
	case Numeric:
		d := f.nums[a] - f.nums[b]
		return f.graded(max(d, -d), false)
	case Postcode:
		return f.postcodeLevel(a, b)
	}
	return 1
}

// graded maps a similarity (descending thresholds) or distance (ascending
// thresholds) to the level of the first threshold it meets.
func (f *field) graded(v float64, similarity bool) uint8 {
	top := len(f.cmp.Thresholds) + 1 // level of the first threshold
	for k, t := range f.cmp.Thresholds {
		if similarity && v >= t || !similarity && v <= t {
			return uint8(top - k)
		}
	}
	return 1
}

func (f *field) jwLevel(a, b uint32, s *scratch) uint8 {
	if f.alias != nil && f.alias[a] != null && f.alias[a] == f.alias[b] {
		return uint8(f.nlev - 1)
	}
	if jwCeiling(&f.sigs[a], &f.sigs[b]) < f.cmp.Thresholds[len(f.cmp.Thresholds)-1] {
		return 1
	}
	return f.graded(jaroWinkler(f.runes[a], f.runes[b], s), true)
}

func (f *field) editLevel(a, b uint32, s *scratch) uint8 {
	sa, sb := &f.sigs[a], &f.sigs[b]
	maxT := int(f.cmp.Thresholds[len(f.cmp.Thresholds)-1])
	if d := int(sa.n - sb.n); d > maxT || -d > maxT || editFloor(sa, sb) > maxT {
		return 1
	}
	ra, rb := f.runes[a], f.runes[b]
	if f.cmp.Kind == Damerau {
		return f.graded(float64(damerau(ra, rb, s)), false)
	}
	return f.graded(float64(levenshtein(ra, rb, s)), false)
}

// dateLevel: 5 exact, 4 day/month swap, 3 one typo, 2 within N days, 1 else.
func (f *field) dateLevel(a, b uint32, s *scratch) uint8 {
	da, db := &f.dates[a], &f.dates[b]
	if !da.ok || !db.ok {
		if damerau(f.runes[a], f.runes[b], s) <= 1 {
			return 3
		}
		return 1
	}
	if da.digits == db.digits {
		return 5 // the same date written differently
	}
	if da.y == db.y && da.m == db.d && da.d == db.m {
		return 4
	}
	if oneSlip(&da.digits, &db.digits) {
		return 3
	}
	if d := da.days() - db.days(); float64(max(d, -d)) <= f.cmp.Thresholds[0] {
		return 2
	}
	return 1
}

// postcodeLevel: 5 exact, 4 sector, 3 district, 2 area, 1 else.
func (f *field) postcodeLevel(a, b uint32) uint8 {
	pa, pb := &f.pcs[a], &f.pcs[b]
	switch {
	case pa.sector == pb.sector:
		return 4
	case pa.district == pb.district:
		return 3
	case pa.area == pb.area:
		return 2
	}
	return 1
}

// oneSlip reports whether two equal-length digit strings differ by one
// substitution or one adjacent transposition (Damerau distance 1).
func oneSlip(a, b *[8]byte) bool {
	first, diffs := -1, 0
	for i := range a {
		if a[i] != b[i] {
			if diffs == 0 {
				first = i
			}
			diffs++
		}
	}
	switch diffs {
	case 1:
		return true
	case 2:
		return first+1 < len(a) && a[first] == b[first+1] && a[first+1] == b[first] && a[first+1] != b[first+1]
	}
	return false
}

// tokenDice is the Dice similarity of two word lists where words equal or
// within Jaro–Winkler 0.9 of each other count as shared.
func (f *field) tokenDice(ta, tb []uint32, s *scratch) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	total := float64(len(ta) + len(tb))
	floor := f.cmp.Thresholds[len(f.cmp.Thresholds)-1]
	shared := 0
	for i, wa := range ta {
		// stop once even matching every remaining word cannot reach the lowest level
		if 2*float64(shared+len(ta)-i)/total < floor {
			return 0
		}
		for _, wb := range tb {
			if wa == wb || f.similarWords(wa, wb, s) {
				shared++
				break
			}
		}
	}
	return 2 * float64(shared) / total
}

func (f *field) similarWords(wa, wb uint32, s *scratch) bool {
	if jwCeiling(&f.tokSigs[wa], &f.tokSigs[wb]) < 0.9 {
		return false
	}
	return jaroWinkler(f.tokRunes[wa], f.tokRunes[wb], s) >= 0.9
}
