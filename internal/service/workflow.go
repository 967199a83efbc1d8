package service

import (
	"slices"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// The definition answers its own workflow questions, so that no other
// package walks Workflow.States or Workflow.Transitions to find one.
// Each method is safe on a nil *Definition (a case of a service no longer
// loaded): it finds nothing.

// StateMerged is the platform's own state of a case an officer closed as a
// duplicate of another report of the same service (cases.Service.Merge).
// It belongs to no workflow, so that merging works the same in every
// service; services check refuses a workflow that declares a state with
// this id.
const StateMerged = "merged"

// mergedState is StateMerged as every definition knows it: terminal, with
// no transition out, and cancelling the clock (a duplicate is answered by
// its original, not on its own).
var mergedState = State{ID: StateMerged, Label: "Closed as a duplicate", Terminal: true, CancelsClock: true,
	Cy: &Welsh{Label: "Wedi’i gau fel dyblyg"}}

// State returns the state with id, and whether the workflow has it (or it
// is the platform's StateMerged).
func (d *Definition) State(id string) (State, bool) {
	if d == nil {
		return State{}, false
	}
	for _, s := range d.Workflow.States {
		if s.ID == id {
			return s, true
		}
	}
	if id == StateMerged {
		st := mergedState
		if d.Lang() == lang.Welsh {
			st.Label = st.Cy.Label
		}
		return st, true
	}
	return State{}, false
}

// StateLabel is what people are shown for state id: its label, or the id
// itself when the workflow has no such state or the state has no label.
func (d *Definition) StateLabel(id string) string {
	if s, ok := d.State(id); ok && s.Label != "" {
		return s.Label
	}
	return id
}

// Transition returns the transition with id, and whether the workflow has it.
func (d *Definition) Transition(id string) (Transition, bool) {
	if d == nil {
		return Transition{}, false
	}
	for _, t := range d.Workflow.Transitions {
		if t.ID == id {
			return t, true
		}
	}
	return Transition{}, false
}

// TransitionsFrom lists, in definition order, the transitions that may be
// applied to a case in state (whoever applies them).
func (d *Definition) TransitionsFrom(state string) []Transition {
	if d == nil {
		return nil
	}
	var out []Transition
	for _, t := range d.Workflow.Transitions {
		if slices.Contains(t.From, state) {
			out = append(out, t)
		}
	}
	return out
}
