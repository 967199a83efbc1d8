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
	cal := c.Cal
	if cal == nil {
		cal = workday.Default()
	}
	r := workday.Rule{Unit: workday.Unit(rule.Unit), Length: rule.Length, Region: workday.Region(rule.Region)}
	if r.Region == "" {
		r.Region = DefaultRegion
	}
	clk := workday.Clock{Received: h.Received, Restarts: h.Restarts}
	for _, p := range h.Pauses {
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
