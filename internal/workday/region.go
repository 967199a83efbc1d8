package workday

import (
	"fmt"
	"time"
)

// Region names a set of bank holidays. The three divisions are GOV.UK's;
// AllUK is their union.
type Region string

// The regions.
const (
	EnglandAndWales Region = "england-and-wales"
	Scotland        Region = "scotland"
	NorthernIreland Region = "northern-ireland"
	// AllUK is a bank holiday in any part of the UK: the FOIA and EIR working day.
	AllUK Region = "all-uk"
)

// divisions are the regions the data file holds, in the order titles are looked up.
var divisions = []Region{EnglandAndWales, Scotland, NorthernIreland}

// Valid reports whether r is one of the four regions.
func (r Region) Valid() bool {
	switch r {
	case EnglandAndWales, Scotland, NorthernIreland, AllUK:
		return true
	}
	return false
}

// Unit is what a Rule or Extension counts.
type Unit string

// The units.
const (
	WorkingDays    Unit = "working_days"
	CalendarDays   Unit = "calendar_days"
	CalendarMonths Unit = "calendar_months"
)

// Valid reports whether u is one of the three units.
func (u Unit) Valid() bool {
	switch u {
	case WorkingDays, CalendarDays, CalendarMonths:
		return true
	}
	return false
}

func isWeekend(d Date) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

func errRegion(r Region) error {
	return fmt.Errorf("workday: unknown region %q (want %s, %s, %s or %s)",
		r, EnglandAndWales, Scotland, NorthernIreland, AllUK)
}
