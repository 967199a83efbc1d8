package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// ClockHistory is everything that has happened to a case's statutory clock.
type ClockHistory struct {
	Received time.Time `json:"received"`
	// Restarts are instants a new period began (a clarified FOI request).
	Restarts []time.Time `json:"restarts,omitempty"`
	// Pauses are periods the clock was stopped; an open pause has a zero To.
	Pauses     []Pause             `json:"pauses,omitempty"`
	Extensions []service.Extension `json:"extensions,omitempty"`
}

// Pause is a period during which the clock was stopped.
type Pause struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
}

// clockStep applies a transition from state from to state to at instant at.
func clockStep(h ClockHistory, def *service.Definition, from, to string, ext *service.Extension, at time.Time) ClockHistory {
	fromState, toState := stateOf(def, from), stateOf(def, to)
	h.Pauses = append([]Pause(nil), h.Pauses...)
	if fromState.PausesClock && !toState.PausesClock && len(h.Pauses) > 0 && h.Pauses[len(h.Pauses)-1].To.IsZero() {
		h.Pauses[len(h.Pauses)-1].To = at
	}
	if fromState.RestartsClock && from != to {
		h.Restarts = append(append([]time.Time(nil), h.Restarts...), at)
	}
	if toState.PausesClock && !fromState.PausesClock {
		h.Pauses = append(h.Pauses, Pause{From: at})
	}
	if ext != nil {
		h.Extensions = append(append([]service.Extension(nil), h.Extensions...), *ext)
	}
	return h
}

// paused returns when the open pause began, if the clock is stopped.
func (h ClockHistory) paused() *time.Time {
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
	for _, st := range def.Workflow.States {
		if st.ID == id {
			return st
		}
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

// setClock recomputes a case's clock fields from its history.
func (s *Service) setClock(c *Case, def *service.Definition) error {
	c.ClockStart = c.History.start()
	c.PausedSince = c.History.paused()
	if def.Clock == nil || s.Clock == nil {
		c.DueAt = nil
		return nil
	}
	if c.PausedSince != nil {
		return nil // keep the due date shown before the pause; overdue checks skip paused cases
	}
	due, ok, err := s.Clock.Due(*def.Clock, c.History)
	if err != nil {
		return err
	}
	if ok {
		due = due.UTC()
		c.DueAt = &due
	}
	return nil
}
