package linkage

import "strings"

// date is a parsed date; digits is the canonical "YYYYMMDD" used to count typos.
type date struct {
	ok      bool
	y, m, d int
	digits  []rune
}

// days approximates the day number; only differences of up to a few years matter.
func (d date) days() int { return d.y*365 + d.y/4 + (d.m-1)*30 + d.d }

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
	return date{ok: true, y: atoi(digits[0:4]), m: atoi(digits[4:6]), d: atoi(digits[6:8]), digits: []rune(digits)}
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

// postcode holds the nested parts of a UK postcode, upper-cased without spaces:
// area "SW", district "SW1A", sector "SW1A1"; full is the whole code.
type postcode struct {
	area, district, sector string
}

func parsePostcode(v string) postcode {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) < 5 {
		return postcode{area: s, district: s, sector: s}
	}
	district := s[:len(s)-3]
	area := strings.TrimRightFunc(district, func(r rune) bool { return r < 'A' || r > 'Z' })
	if i := strings.IndexAny(district, "0123456789"); i > 0 {
		area = district[:i]
	}
	return postcode{area: area, district: district, sector: s[:len(s)-2]}
}
