package workday

import (
	"testing"
	"time"
)

// TestLastSecond: the instant a due date ends, written with its UK offset,
// on ordinary days and on the days the clocks change.
func TestLastSecond(t *testing.T) {
	for _, tt := range []struct{ date, want, long string }{
		{"2026-12-04", "2026-12-04T23:59:59+00:00", "4 December 2026"},
		{"2026-06-16", "2026-06-16T23:59:59+01:00", "16 June 2026"},
		{"2026-03-29", "2026-03-29T23:59:59+01:00", "29 March 2026"},   // clocks go forward at 01:00
		{"2026-10-25", "2026-10-25T23:59:59+00:00", "25 October 2026"}, // clocks go back at 02:00
	} {
		d := d(t, tt.date)
		if got := d.LastSecond().Format(RFC3339); got != tt.want {
			t.Errorf("%s: LastSecond %s, want %s", tt.date, got, tt.want)
		}
		if got := DateOf(d.LastSecond()); got != d {
			t.Errorf("%s: the last second is on %s", tt.date, got)
		}
		if got := d.Long(); got != tt.long {
			t.Errorf("%s: Long %q, want %q", tt.date, got, tt.long)
		}
	}
}

// TestSubjectAccessClocks: proof of identity restarts the month from the
// day it arrives; a clarification (Art. 12A) stops it from the day it is
// asked for to the day it arrives, both included.
func TestSubjectAccessClocks(t *testing.T) {
	cal := Default()
	sar := SAR(EnglandAndWales)
	for _, tt := range []struct {
		name string
		clk  Clock
		want string
	}{
		{"identity arrives weeks later, in BST", Clock{Received: at(t, "2026-01-15"),
			Restarts: []time.Time{time.Date(2026, 3, 31, 8, 15, 0, 0, time.UTC)}}, "2026-04-30"},
		{"identity arriving 00:30 BST is that day", Clock{Received: at(t, "2026-01-15"),
			Restarts: []time.Time{time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC)}}, "2026-07-01"},
		{"clarification asked and answered", Clock{Received: at(t, "2026-03-31"),
			Pauses: []Pause{{From: at(t, "2026-04-07"), To: at(t, "2026-04-10")}}}, "2026-05-05"},
	} {
		got, err := cal.Deadline(sar, tt.clk)
		if err != nil || got.String() != tt.want {
			t.Errorf("%s: %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
}
