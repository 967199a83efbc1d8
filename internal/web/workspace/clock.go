package workspace

import (
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// clockView is what an officer needs to know about a case's deadline.
type clockView struct {
	// Due is the due date as the GOV.UK style writes it ("4 December 2026"); empty without a clock.
	Due string
	// DaysLeft counts working days from today to the due date; negative when overdue.
	DaysLeft int
	HasDays  bool
	Paused   bool
	Overdue  bool
	Closed   bool
	// Outcome says how the last completed clock ended ("Answered in time,
	// due 4 December 2026"); shown when no clock is running.
	Outcome string
}

// DaysOverdue is DaysLeft made positive, for "3 working days overdue".
func (c clockView) DaysOverdue() int { return -c.DaysLeft }

// newClockView works out the clock at now. Working days are counted in the
// service clock's region (England and Wales when it names none); a date the
// calendar does not cover leaves the count out rather than showing a wrong one.
func newClockView(c *cases.Case, def *service.Definition, cal *workday.Calendar, now time.Time) clockView {
	v := clockView{Paused: c.PausedSince != nil, Closed: c.ClosedAt != nil, Overdue: c.Overdue(now)}
	due, ok := c.DueDate()
	if !ok {
		v.Outcome = outcomeText(c.History)
		return v
	}
	v.Due = due.Long()
	if cal == nil || v.Closed {
		return v
	}
	n, err := cal.WorkingDaysBetween(clockRegion(def), workday.DateOf(now), due)
	if err == nil {
		v.DaysLeft, v.HasDays = n, true
	}
	return v
}

func clockRegion(def *service.Definition) workday.Region {
	if def != nil && def.Clock != nil && workday.Region(def.Clock.Region).Valid() {
		return workday.Region(def.Clock.Region)
	}
	return workday.EnglandAndWales
}

// formatDate writes a date the GOV.UK way, in UK time: "4 December 2026".
func formatDate(t time.Time) string { return t.In(workday.London).Format("2 January 2006") }

// formatTime writes an instant the GOV.UK way, in UK time: "4 December 2026 at 2:15pm".
func formatTime(t time.Time) string {
	return t.In(workday.London).Format("2 January 2006 at 3:04pm")
}

// outcomeText describes the last completed clock, if none runs now.
func outcomeText(h cases.ClockHistory) string {
	o, ok := h.LastOutcome()
	if !ok || h.Stopped == nil {
		return ""
	}
	what := "Answered"
	if o.Clock != cases.ResponseClock {
		what = "Review answered"
	}
	if o.Met {
		return what + " in time (due " + o.Due.Long() + ")"
	}
	days := "days"
	if o.WorkingDaysLate == 1 {
		days = "day"
	}
	return fmt.Sprintf("%s %d working %s late (due %s)", what, o.WorkingDaysLate, days, o.Due.Long())
}
