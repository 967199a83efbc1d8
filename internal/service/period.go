package service

import (
	"errors"
	"strconv"
	"time"
)

// Period is an ISO 8601 period of whole years, months, weeks and days, as
// used for retention ("P6Y", "P18M", "P30D").
type Period struct {
	Years, Months, Days int
}

// ParsePeriod reads an ISO 8601 date period. Time parts (PT1H) are refused:
// retention is counted in days or longer.
func ParsePeriod(s string) (Period, error) {
	var p Period
	if len(s) < 3 || s[0] != 'P' {
		return p, errors.New("must start with P and give at least one number and unit, like P6Y")
	}
	rest, last := s[1:], 0
	order := map[byte]int{'Y': 1, 'M': 2, 'W': 3, 'D': 4}
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return p, errors.New("each part is a number followed by Y, M, W or D")
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 1000 {
			return p, errors.New("number too large")
		}
		unit := rest[i]
		rank, ok := order[unit]
		if !ok || rank <= last {
			return p, errors.New("units must be Y, M, W, D, each at most once and in that order (no time part)")
		}
		last = rank
		switch unit {
		case 'Y':
			p.Years = n
		case 'M':
			p.Months = n
		case 'W':
			p.Days += 7 * n
		case 'D':
			p.Days += n
		}
		rest = rest[i+1:]
	}
	if p == (Period{}) {
		return p, errors.New("a period of zero keeps nothing")
	}
	return p, nil
}

// AddTo returns t plus the period, by the calendar.
func (p Period) AddTo(t time.Time) time.Time {
	return t.AddDate(p.Years, p.Months, p.Days)
}
