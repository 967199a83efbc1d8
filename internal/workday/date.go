package workday

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/London must resolve on hosts without a zoneinfo database
)

// London is the Europe/London time zone in which every instant is read.
var London = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// Date is a civil date in the UK, without a time or a zone. The zero Date is
// not a valid date; IsZero reports it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, normalised as time.Date does
// (31 April becomes 1 May).
func NewDate(year int, month time.Month, day int) Date {
	return dateOfUTC(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the date of instant t in Europe/London.
func DateOf(t time.Time) Date {
	l := t.In(London)
	return Date{l.Year(), l.Month(), l.Day()}
}

// ParseDate parses a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("workday: date %q: %w", s, err)
	}
	return dateOfUTC(t), nil
}

func dateOfUTC(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// utc is midnight UTC of d: arithmetic on it has no daylight-saving gaps.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddDays returns the date n calendar days after d (before it if n < 0).
func (d Date) AddDays(n int) Date { return dateOfUTC(d.utc().AddDate(0, 0, n)) }

// AddMonths returns the corresponding date n months after d, or the last day
// of that month when it has no corresponding date (31 January + 1 month is
// 28 or 29 February). Unlike time.AddDate it never overflows into the next month.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.Day, last)}
}

// DaysUntil returns the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.utc().Sub(d.utc()).Hours() / 24) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Start returns the instant d begins in Europe/London (midnight, GMT or BST).
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, London) }

// End returns the instant just after d ends in Europe/London: the start of
// the next day. A response is late if it is sent at or after d.End().
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// LastSecond returns 23:59:59 on d in Europe/London: the last whole second
// of the day, whose own date is still d in every zone-aware client.
func (d Date) LastSecond() time.Time { return d.End().Add(-time.Second) }

// Long writes d the GOV.UK way: "4 December 2026".
func (d Date) Long() string { return d.utc().Format("2 January 2006") }

// RFC3339 is the layout of instants the platform sends to other systems:
// RFC 3339 with the UTC offset always written as digits ("+00:00", never "Z"),
// so that a reader sees at once whether it is GMT or BST.
const RFC3339 = "2006-01-02T15:04:05-07:00"

// MarshalText writes d as YYYY-MM-DD, so dates are plain strings in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
