package linkage

import "strings"

// date is a parsed date; digits is the canonical "YYYYMMDD" used to count typos.
type date struct {
	y, m, d int32
	ok      bool
	digits  [8]byte
}

// days approximates the day number; only differences of up to a few years matter.
func (d *date) days() int {
	y, m := int(d.y), int(d.m)
	return y*365 + y/4 + (m-1)*30 + int(d.d)
}

// parseDates reads YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD and DD/MM/YYYY. Month
// and day are not range-checked: typos such as month 13 stay comparable.
func parseDates(vals []string) []date {
	out := make([]date, len(vals))
	for i, v := range vals {
		out[i] = parseDate(v)
	}
	return out
}

func parseDate(v string) date {
	var digits string
	switch {
	case len(v) == 8 && allDigits(v):
		digits = v
	case len(v) == 10 && (v[4] == '-' || v[4] == '/') && (v[7] == '-' || v[7] == '/'):
		digits = v[0:4] + v[5:7] + v[8:10]
	case len(v) == 10 && (v[2] == '/' || v[2] == '-') && (v[5] == '/' || v[5] == '-'):
		digits = v[6:10] + v[3:5] + v[0:2]
	}
	if !allDigits(digits) || digits == "" {
		return date{}
	}
	d := date{ok: true, y: int32(atoi(digits[0:4])), m: int32(atoi(digits[4:6])), d: int32(atoi(digits[6:8]))}
	copy(d.digits[:], digits)
	return d
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// postcode holds the nested parts of a UK postcode as interned ids:
// area "SW", district "SW1A", sector "SW1A1" (upper-cased, no spaces).
// Ids are unique across the three levels; a missing part gets its own id.
type postcode struct {
	area, district, sector uint32
}

// postcodes parses and interns the parts of every value.
func postcodes(vals []string) []postcode {
	ids := make(map[string]uint32)
	intern := func(s string) uint32 {
		id, ok := ids[s]
		if !ok {
			id = uint32(len(ids))
			ids[s] = id
		}
		return id
	}
	out := make([]postcode, len(vals))
	for i, v := range vals {
		area, district, sector := postcodeParts(v)
		out[i] = postcode{area: intern("a" + area), district: intern("d" + district), sector: intern("s" + sector)}
		if area == "" {
			out[i].area = null - uint32(i) // never equal to another value's area
		}
	}
	return out
}

func postcodeParts(v string) (area, district, sector string) {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) < 5 {
		return s, s, s
	}
	district = s[:len(s)-3]
	area = district
	if i := strings.IndexAny(district, "0123456789"); i >= 0 {
		area = district[:i]
	}
	return area, district, s[:len(s)-2]
}
