package workday

import (
	"errors"
	"fmt"
	"time"
)

// ErrStopped means the clock is stopped (a Pause has no end), so there is no
// due date until the clock restarts.
var ErrStopped = errors.New("workday: the clock is stopped")

// Pause stops the clock from one instant to another: a FOI fees notice until
// the fee arrives, a request for clarification in a complaint until the
// resident replies. Every day from From's date to To's date, both inclusive,
// is disregarded (FOIA s.10(2) wording). A zero To means still stopped.
type Pause struct {
	From, To time.Time
}

// Extension lengthens a limit: PublicInterestExtension, SARExtension. An
// extension in the rule's own unit is added to its length (so a SAR extended
// by two months is due three months from receipt); one in another unit is
// counted on from the due date.
type Extension struct {
	Unit   Unit
	Length int
}

// Clock is everything that has happened to a case's statutory clock.
type Clock struct {
	Received time.Time
	// Restarts are the instants a new period began, such as the receipt of
	// a clarified FOI request (s.10(6)(b)); the latest counts as the receipt.
	Restarts   []time.Time
	Pauses     []Pause
	Extensions []Extension
}

// Due returns the due date under rule of a request received at the given
// instant, with pauses and extensions. It is Deadline without restarts.
func (c *Calendar) Due(rule Rule, received time.Time, pauses []Pause, extensions ...Extension) (Date, error) {
	return c.Deadline(rule, Clock{Received: received, Pauses: pauses, Extensions: extensions})
}

// Deadline returns the last day on which a response is in time: the request
// is late if answered at or after the returned date's End(). It returns
// ErrStopped while a pause is open, ErrOutOfRange when the calendar does not
// cover the dates involved, and an error for an invalid rule or clock.
func (c *Calendar) Deadline(rule Rule, clk Clock) (Date, error) {
	if err := rule.Validate(); err != nil {
		return Date{}, err
	}
	start := DateOf(clk.start())
	spans, err := pauseSpans(start, clk.Pauses)
	if err != nil {
		return Date{}, err
	}
	length, others, err := splitExtensions(rule.Unit, rule.Length, clk.Extensions)
	if err != nil {
		return Date{}, err
	}
	var due Date
	if rule.Unit == CalendarMonths {
		due = monthsDue(start, length, spans)
	} else if due, err = c.countDue(rule, start, length, spans); err != nil {
		return Date{}, err
	}
	return c.finish(rule, due, others)
}

func (clk Clock) start() time.Time {
	s := clk.Received
	for _, r := range clk.Restarts {
		if r.After(s) {
			s = r
		}
	}
	return s
}

// finish applies extensions in other units, then rolls forward.
func (c *Calendar) finish(rule Rule, due Date, others []Extension) (Date, error) {
	var err error
	for _, e := range others {
		switch e.Unit {
		case WorkingDays:
			due, err = c.AddWorkingDays(rule.Region, due, e.Length)
		case CalendarDays:
			due = due.AddDays(e.Length)
		case CalendarMonths:
			due = due.AddMonths(e.Length)
		}
		if err != nil {
			return Date{}, err
		}
	}
	if rule.rolls() {
		return c.NextWorkingDay(rule.Region, due)
	}
	return due, c.check(due)
}

func splitExtensions(unit Unit, length int, exts []Extension) (int, []Extension, error) {
	var others []Extension
	for _, e := range exts {
		if !e.Unit.Valid() || e.Length < 0 {
			return 0, nil, fmt.Errorf("workday: invalid extension %d %q", e.Length, e.Unit)
		}
		if e.Unit == unit {
			length += e.Length
		} else {
			others = append(others, e)
		}
	}
	return length, others, nil
}

// countDue walks forward from the receipt counting working (or calendar)
// days that are not paused.
func (c *Calendar) countDue(rule Rule, start Date, n int, spans []span) (Date, error) {
	anchor := start
	if rule.Receipt == ReceiptNextWorkingDay {
		var err error
		if anchor, err = c.NextWorkingDay(rule.Region, start); err != nil {
			return Date{}, err
		}
	}
	d := anchor
	if rule.countsReceiptDay() {
		d = anchor.AddDays(-1)
	}
	for n > 0 {
		d = d.AddDays(1)
		if err := c.check(d); err != nil {
			return Date{}, err
		}
		if paused(spans, d) {
			continue
		}
		if rule.Unit == CalendarDays || c.IsWorkingDay(rule.Region, d) {
			n--
		}
	}
	return d, nil
}

// monthsDue is the corresponding date n months after start, pushed on by
// every paused day between start and the due date. Pushing can bring more
// paused days into range, so it repeats until nothing changes.
func monthsDue(start Date, n int, spans []span) Date {
	base := start.AddMonths(n)
	for p := 0; ; {
		due := base.AddDays(p)
		np := 0
		for d := start; !d.After(due); d = d.AddDays(1) {
			if paused(spans, d) {
				np++
			}
		}
		if np == p {
			return due
		}
		p = np
	}
}
