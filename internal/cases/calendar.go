package cases

import (
	"errors"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Calendar computes due dates with UK bank holidays: the Deadlines the
// service uses in production.
type Calendar struct {
	Cal *workday.Calendar
}

var _ Deadlines = Calendar{}

// DefaultRegion is used when a clock names none.
const DefaultRegion = workday.EnglandAndWales

// Due returns the end of the last day in time (UK time) under rule for a
// case with history h, or ok=false while the clock is stopped. Errors come
// from workday (an invalid rule, or dates the calendar does not cover).
func (c Calendar) Due(rule service.Clock, h ClockHistory) (time.Time, bool, error) {
	cal := c.calendar()
	r := workdayRule(rule)
	clk := workday.Clock{Received: h.Received, Restarts: h.Restarts}
	start := h.start()
	for _, p := range h.Pauses {
		if !p.To.IsZero() && !p.To.After(start) {
			continue // over before the period began: a restart supersedes it
		}
		clk.Pauses = append(clk.Pauses, workday.Pause{From: p.From, To: p.To})
	}
	for _, e := range h.Extensions {
		clk.Extensions = append(clk.Extensions, workday.Extension{Unit: workday.Unit(e.Unit), Length: e.Length})
	}
	d, err := cal.Deadline(r, clk)
	if errors.Is(err, workday.ErrStopped) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return d.End(), true, nil
}

// WorkingDaysLate counts the working days in the rule's region after due up
// to and including done; a response on a later non-working day still counts
// as one day late.
func (c Calendar) WorkingDaysLate(rule service.Clock, due, done workday.Date) (int, error) {
	r := workdayRule(rule)
	n, err := c.calendar().WorkingDaysBetween(r.Region, due, done)
	if err != nil {
		return 0, err
	}
	return max(n, 1), nil
}

func (c Calendar) calendar() *workday.Calendar {
	if c.Cal == nil {
		return workday.Default()
	}
	return c.Cal
}

// workdayRule turns a definition's clock into workday's rule; the YAML
// words are workday's own ("day_after_receipt", "next_working_day"), with
// "as_received" for workday's zero receipt rule.
func workdayRule(k service.Clock) workday.Rule {
	r := workday.Rule{Unit: workday.Unit(k.Unit), Length: k.Length, Region: workday.Region(k.Region),
		DayOne: workday.DayOne(k.DayOne), Roll: workday.Roll(k.Roll)}
	if k.Receipt != "as_received" {
		r.Receipt = workday.Receipt(k.Receipt)
	}
	if r.Region == "" {
		r.Region = DefaultRegion
	}
	return r
}
