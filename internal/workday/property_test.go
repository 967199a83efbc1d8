package workday

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestEmbeddedDataShape checks every year of the embedded file the way a
// reviewer of a replacement file would: no bank holiday on a weekend, the
// usual number per division (plus the one-off days), Christmas and Good
// Friday in every division.
func TestEmbeddedDataShape(t *testing.T) {
	c := Default()
	usual := map[Region]int{EnglandAndWales: 8, Scotland: 9, NorthernIreland: 10}
	extra := map[int]map[Region]int{
		2022: {EnglandAndWales: 2, Scotland: 2, NorthernIreland: 2}, // Platinum Jubilee, State Funeral
		2023: {EnglandAndWales: 1, Scotland: 1, NorthernIreland: 1}, // Coronation
		2026: {Scotland: 1},                                         // 15 June
	}
	first, last := c.Years()
	for y := first; y <= last; y++ {
		for _, r := range divisions {
			hs := c.Holidays(r, y)
			if want := usual[r] + extra[y][r]; len(hs) != want {
				t.Errorf("%s %d: %d bank holidays, want %d", r, y, len(hs), want)
			}
			titles := map[string]bool{}
			for _, h := range hs {
				titles[h.Title] = true
				if isWeekend(h.Date) {
					t.Errorf("%s: %s %s falls on a weekend", r, h.Date, h.Title)
				}
			}
			if !titles["Christmas Day"] || !titles["Good Friday"] {
				t.Errorf("%s %d: no Christmas Day or Good Friday", r, y)
			}
		}
	}
}

// TestWorkingDayProperties checks, over many random dates, that counting
// forward and counting back agree and always land on working days.
func TestWorkingDayProperties(t *testing.T) {
	c := Default()
	rng := rand.New(rand.NewPCG(1, 2))
	start := NewDate(2018, 1, 1)
	regions := []Region{EnglandAndWales, Scotland, NorthernIreland, AllUK}
	for range 2000 {
		d := start.AddDays(rng.IntN(365 * 10))
		r := regions[rng.IntN(len(regions))]
		n := 1 + rng.IntN(60)
		due, err := c.AddWorkingDays(r, d, n)
		if err != nil {
			t.Fatal(err)
		}
		if !c.IsWorkingDay(r, due) {
			t.Fatalf("AddWorkingDays(%s, %s, %d) = %s, not a working day", r, d, n, due)
		}
		if got, _ := c.WorkingDaysBetween(r, d, due); got != n {
			t.Fatalf("WorkingDaysBetween(%s, %s, %s) = %d, want %d", r, d, due, got, n)
		}
		// Counting back lands on the last working day on or before d.
		if back, err := c.AddWorkingDays(r, due, -n); err == nil && (back.After(d) || back.Before(d.AddDays(-6)) || !c.IsWorkingDay(r, back)) {
			t.Fatalf("AddWorkingDays(%s, %s, -%d) = %s, want the last working day on or before %s", r, due, n, back, d)
		}
		if r == AllUK {
			for _, div := range divisions {
				if regional, _ := c.AddWorkingDays(div, d, n); regional.After(due) {
					t.Fatalf("%s due %s is later than all-UK %s", div, regional, due)
				}
			}
		}
		sar, err := c.Due(SAR(r), d.Start().Add(10*time.Hour), nil)
		if err != nil {
			t.Fatal(err)
		}
		if corr := d.AddMonths(1); sar.Before(corr) || !c.IsWorkingDay(r, sar) || sar.After(corr.AddDays(6)) {
			t.Fatalf("SAR received %s in %s: due %s (corresponding date %s)", d, r, sar, corr)
		}
	}
}
