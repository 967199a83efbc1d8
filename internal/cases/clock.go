package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// ResponseClock names the service's own clock in outcomes; a clock begun by
// a state's starts_clock is named by that state's id.
const ResponseClock = "response"

// ClockHistory is everything that has happened to a case's statutory clocks:
// the running one in full, and the outcomes of those that completed.
type ClockHistory struct {
	// Clock is the running clock: empty for the service's own, otherwise the
	// id of the state whose starts_clock began it (an internal review).
	Clock    string    `json:"clock,omitempty"`
	Received time.Time `json:"received"`
	// Restarts are instants a new period began (a clarified FOI request,
	// proof of identity received).
	Restarts []time.Time `json:"restarts,omitempty"`
	// Pauses are periods the clock was stopped; an open pause has a zero To.
	Pauses     []Pause             `json:"pauses,omitempty"`
	Extensions []service.Extension `json:"extensions,omitempty"`
	// Waiting is when the clock stopped to wait for the requester in a
	// restarts_clock state; a new period begins when the wait ends.
	Waiting *time.Time `json:"waiting,omitempty"`
	// Stopped is when the running clock stopped for good: the response was
	// sent or the request ended. Nothing is due after it.
	Stopped *time.Time `json:"stopped,omitempty"`
	// Outcomes are the completed clocks, oldest first.
	Outcomes []Outcome `json:"outcomes,omitempty"`
}

// Pause is a period during which the clock was stopped.
type Pause struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
}

// Outcome is how a completed clock ended: met, or missed by so many days.
// It is stored once, for statistics, and never changes afterwards.
type Outcome struct {
	Clock string `json:"clock"` // ResponseClock or a state id
	// Received is the day the clock last (re)started; Due its last day in
	// time; Done the instant of the response. Dates are in Europe/London.
	Received workday.Date `json:"received"`
	Due      workday.Date `json:"due"`
	Done     time.Time    `json:"done"`
	Met      bool         `json:"met"`
	// WorkingDaysLate counts the working days after Due up to the response
	// (at least 1 when missed); CalendarDaysLate the calendar days.
	WorkingDaysLate  int `json:"working_days_late,omitempty"`
	CalendarDaysLate int `json:"calendar_days_late,omitempty"`
}

// LastOutcome returns the latest completed clock, if any.
func (h ClockHistory) LastOutcome() (Outcome, bool) {
	if n := len(h.Outcomes); n > 0 {
		return h.Outcomes[n-1], true
	}
	return Outcome{}, false
}

func (h ClockHistory) clone() ClockHistory {
	h.Restarts = append([]time.Time(nil), h.Restarts...)
	h.Pauses = append([]Pause(nil), h.Pauses...)
	h.Extensions = append([]service.Extension(nil), h.Extensions...)
	h.Outcomes = append([]Outcome(nil), h.Outcomes...)
	return h
}

// stepClock applies a transition from state from to state to at instant at.
// It returns the new history and, when a running clock completed, its outcome.
func (s *Service) stepClock(h ClockHistory, def *service.Definition, from, to string, ext *service.Extension, at time.Time) (ClockHistory, *Outcome, error) {
	fs, ts := stateOf(def, from), stateOf(def, to)
	h = h.clone()
	running := h.Stopped == nil
	waited := h.Waiting != nil
	// An open pause ends whenever the case moves to a state that does not
	// pause, even if the state it leaves no longer says pauses_clock (a
	// definition changed while a case waited in it).
	if !ts.PausesClock && len(h.Pauses) > 0 && h.Pauses[len(h.Pauses)-1].To.IsZero() {
		h.Pauses[len(h.Pauses)-1].To = at
	}
	if fs.RestartsClock && !ts.RestartsClock && running {
		h.Waiting = nil
		h.Restarts = append(h.Restarts, at)
	}
	if running && ts.RestartsClock && !fs.RestartsClock {
		h.Waiting = &at
	}
	if running && ts.PausesClock && !fs.PausesClock {
		h.Pauses = append(h.Pauses, Pause{From: at})
	}
	if running && ext != nil {
		h.Extensions = append(h.Extensions, *ext)
	}
	var done *Outcome
	if running && (ts.CompletesClock || ts.CancelsClock || ts.Terminal) {
		if !ts.CancelsClock && !waited {
			o, ok, err := s.outcome(def, h, at)
			if err != nil {
				return h, nil, err
			}
			if ok {
				h.Outcomes = append(h.Outcomes, o)
				done = &o
			}
		}
		h.Stopped = &at
	}
	if ts.StartsClock != nil && from != to {
		h = ClockHistory{Clock: to, Received: at, Outcomes: h.Outcomes}
	}
	return h, done, nil
}

// outcome measures the running clock against a response at instant at.
func (s *Service) outcome(def *service.Definition, h ClockHistory, at time.Time) (Outcome, bool, error) {
	rule := clockRule(def, h)
	if rule == nil || s.Clock == nil {
		return Outcome{}, false, nil
	}
	end, ok, err := s.Clock.Due(*rule, h)
	if err != nil || !ok {
		return Outcome{}, false, err
	}
	due, doneOn := workday.DateOf(end.Add(-time.Nanosecond)), workday.DateOf(at)
	o := Outcome{Clock: h.name(), Received: workday.DateOf(h.start()), Due: due, Done: at.UTC(), Met: !doneOn.After(due)}
	if !o.Met {
		o.CalendarDaysLate = due.DaysUntil(doneOn)
		if o.WorkingDaysLate, err = s.Clock.WorkingDaysLate(*rule, due, doneOn); err != nil {
			return Outcome{}, false, err
		}
	}
	return o, true, nil
}

func (h ClockHistory) name() string {
	if h.Clock == "" {
		return ResponseClock
	}
	return h.Clock
}

// clockRule is the rule of the running clock, or nil when there is none.
func clockRule(def *service.Definition, h ClockHistory) *service.Clock {
	if h.Clock == "" {
		return def.Clock
	}
	return stateOf(def, h.Clock).StartsClock
}

// stoppedSince is when the clock stopped for the requester (waiting for a
// clarification or proof of identity, or paused), if it is stopped.
func (h ClockHistory) stoppedSince() *time.Time {
	if h.Waiting != nil {
		t := *h.Waiting
		return &t
	}
	if n := len(h.Pauses); n > 0 && h.Pauses[n-1].To.IsZero() {
		t := h.Pauses[n-1].From
		return &t
	}
	return nil
}

// start is the latest (re)start of the clock.
func (h ClockHistory) start() time.Time {
	s := h.Received
	for _, r := range h.Restarts {
		if r.After(s) {
			s = r
		}
	}
	return s
}

func stateOf(def *service.Definition, id string) service.State {
	if st, ok := def.State(id); ok {
		return st
	}
	return service.State{ID: id}
}

func initialState(def *service.Definition) string {
	for _, st := range def.Workflow.States {
		if st.Initial {
			return st.ID
		}
	}
	if len(def.Workflow.States) > 0 {
		return def.Workflow.States[0].ID
	}
	return "submitted"
}

// setClock recomputes a case's clock fields from its history. There is no
// due date while the clock is stopped (waiting for the requester, paused,
// or stopped for good after the response), so such a case is never overdue.
func (s *Service) setClock(c *Case, def *service.Definition) error {
	h := c.History
	c.ClockStart = h.start()
	c.PausedSince = h.stoppedSince()
	c.DueAt = nil
	rule := clockRule(def, h)
	if rule == nil || s.Clock == nil || h.Stopped != nil || c.PausedSince != nil {
		return nil
	}
	due, ok, err := s.Clock.Due(*rule, h)
	if err != nil {
		return err
	}
	if ok {
		due = due.UTC()
		c.DueAt = &due
	}
	return nil
}
