package workday

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

//go:embed bank-holidays.json
var embedded []byte

// ErrOutOfRange means a computation needed a date in a year the calendar's
// bank holiday data does not cover. Load a newer file (see the package doc).
var ErrOutOfRange = errors.New("workday: date outside the years the bank holiday calendar covers")

// Holiday is one bank holiday in one division.
type Holiday struct {
	Date   Date
	Title  string
	Notes  string // "Substitute day" or empty, as GOV.UK writes it
	Region Region // the division it belongs to, never AllUK
}

// Calendar holds the bank holidays of the three UK divisions for a range of
// whole years. It is immutable and safe for concurrent use.
type Calendar struct {
	days        map[Region]map[Date]Holiday
	first, last int // years covered by every division
}

// feed is GOV.UK's bank-holidays.json shape.
type feed map[Region]struct {
	Division string `json:"division"`
	Events   []struct {
		Title string `json:"title"`
		Date  string `json:"date"`
		Notes string `json:"notes"`
	} `json:"events"`
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := LoadCalendar(bytes.NewReader(embedded))
	if err != nil {
		panic(err) // the embedded file is tested; a broken one must not ship
	}
	return c
})

// Default returns the calendar built from the embedded bank-holidays.json.
func Default() *Calendar { return defaultCalendar() }

// LoadCalendar reads a file in the shape of https://www.gov.uk/bank-holidays.json.
// It must hold all three divisions, each with events in every year of a
// common range; that range is what the calendar covers. Unknown fields are ignored.
func LoadCalendar(r io.Reader) (*Calendar, error) {
	var f feed
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("workday: bank holiday file: %w", err)
	}
	c := &Calendar{days: map[Region]map[Date]Holiday{}, first: -1 << 31, last: 1<<31 - 1}
	for _, reg := range divisions {
		if err := c.addDivision(reg, f); err != nil {
			return nil, err
		}
	}
	if c.first > c.last {
		return nil, errors.New("workday: bank holiday file: the divisions share no year")
	}
	return c, nil
}

func (c *Calendar) addDivision(reg Region, f feed) error {
	div, ok := f[reg]
	if !ok || len(div.Events) == 0 {
		return fmt.Errorf("workday: bank holiday file: no events for %s", reg)
	}
	days := map[Date]Holiday{}
	years := map[int]bool{}
	for _, e := range div.Events {
		d, err := ParseDate(e.Date)
		if err != nil {
			return fmt.Errorf("workday: bank holiday file: %s: %w", reg, err)
		}
		days[d] = Holiday{Date: d, Title: e.Title, Notes: e.Notes, Region: reg}
		years[d.Year] = true
	}
	lo, hi := yearRange(years)
	for y := lo; y <= hi; y++ {
		if !years[y] {
			return fmt.Errorf("workday: bank holiday file: %s has no events in %d", reg, y)
		}
	}
	c.days[reg] = days
	c.first, c.last = max(c.first, lo), min(c.last, hi)
	return nil
}

func yearRange(years map[int]bool) (lo, hi int) {
	lo, hi = 1<<31-1, -1<<31
	for y := range years {
		lo, hi = min(lo, y), max(hi, y)
	}
	return lo, hi
}

// Years returns the first and last years the calendar covers.
func (c *Calendar) Years() (first, last int) { return c.first, c.last }

// Covers reports whether d is in a year the calendar covers.
func (c *Calendar) Covers(d Date) bool { return d.Year >= c.first && d.Year <= c.last }

// Holiday returns the bank holiday on d in region r, if there is one. For
// AllUK it returns the first division's holiday in the order England and
// Wales, Scotland, Northern Ireland.
func (c *Calendar) Holiday(r Region, d Date) (Holiday, bool) {
	if r != AllUK {
		h, ok := c.days[r][d]
		return h, ok
	}
	for _, reg := range divisions {
		if h, ok := c.days[reg][d]; ok {
			return h, true
		}
	}
	return Holiday{}, false
}

// Holidays returns the bank holidays of region r in year, in date order. For
// AllUK a date held by several divisions appears once.
func (c *Calendar) Holidays(r Region, year int) []Holiday {
	var out []Holiday
	for d := NewDate(year, 1, 1); d.Year == year; d = d.AddDays(1) {
		if h, ok := c.Holiday(r, d); ok {
			out = append(out, h)
		}
	}
	return out
}

// IsWorkingDay reports whether d is a working day in region r: not a
// Saturday, Sunday or bank holiday. Outside the covered years only weekends
// are known, so use Covers (or the error-returning methods) where it matters.
// An unknown region has no bank holidays.
func (c *Calendar) IsWorkingDay(r Region, d Date) bool {
	if isWeekend(d) {
		return false
	}
	_, hol := c.Holiday(r, d)
	return !hol
}
