package workday

import (
	"testing"
	"time"
)

// d parses a YYYY-MM-DD date for test tables.
func d(t testing.TB, s string) Date {
	t.Helper()
	v, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// at is noon London time on a date: an unambiguous instant of that day.
func at(t testing.TB, s string) time.Time {
	return d(t, s).Start().Add(12 * time.Hour)
}
