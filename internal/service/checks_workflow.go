package service

import (
	"fmt"
	"slices"
	"strings"
)

// workflow checks the state machine: one initial state, known states,
// every state reachable, terminal states final, others with a way out.
func (c *checker) workflow() {
	w := &c.d.Workflow
	states := map[string]int{}
	var initial []int
	for i, s := range w.States {
		if _, dup := states[s.ID]; dup {
			c.add(fmt.Sprintf("/workflow/states/%d/id", i), "give each state its own id", "state id '%s' is used more than once", s.ID)
		}
		states[s.ID] = i
		if s.Initial {
			initial = append(initial, i)
		}
		if s.Initial && s.Terminal {
			c.add(fmt.Sprintf("/workflow/states/%d/terminal", i), "a new case must be able to move on; remove 'terminal: true'", "state '%s' is both initial and terminal", s.ID)
		}
	}
	switch {
	case len(initial) == 0:
		c.addKey("/workflow/states", "add 'initial: true' to the state new cases start in", "no state is marked initial")
	case len(initial) > 1:
		for _, i := range initial[1:] {
			c.add(fmt.Sprintf("/workflow/states/%d/initial", i), fmt.Sprintf("new cases start in '%s'; remove 'initial: true' from the others", w.States[initial[0]].ID), "more than one state is marked initial ('%s')", w.States[i].ID)
		}
	}
	c.transitions(states)
	if len(initial) > 0 {
		c.reachability(states, w.States[initial[0]].ID)
	}
}

func (c *checker) transitions(states map[string]int) {
	ids := map[string]bool{}
	names := keys(states)
	for i, t := range c.d.Workflow.Transitions {
		tp := fmt.Sprintf("/workflow/transitions/%d", i)
		if ids[t.ID] {
			c.add(tp+"/id", "give each transition its own id", "transition id '%s' is used more than once", t.ID)
		}
		ids[t.ID] = true
		for k, f := range t.From {
			if _, ok := states[f]; !ok {
				c.add(fmt.Sprintf("%s/from/%d", tp, k), stateHint(f, names), "transition '%s' starts from unknown state '%s'", t.ID, f)
			} else if c.d.Workflow.States[states[f]].Terminal {
				c.add(fmt.Sprintf("%s/from/%d", tp, k), "remove 'terminal: true' from the state, or remove it from 'from' (to reopen cases, use a non-terminal 'closed' state)", "transition '%s' leaves terminal state '%s'; a terminal state is final", t.ID, f)
			}
		}
		if _, ok := states[t.To]; !ok {
			c.add(tp+"/to", stateHint(t.To, names), "transition '%s' goes to unknown state '%s'", t.ID, t.To)
		}
		if t.Extends != nil {
			c.extension(tp+"/extends", t)
		}
	}
}

func (c *checker) extension(ep string, t Transition) {
	if !slices.Contains(clockUnits, t.Extends.Unit) {
		c.add(ep+"/unit", "use one of: "+joinUnits(), "transition '%s' extends the clock by unknown unit '%s'", t.ID, t.Extends.Unit)
	}
	if c.d.Clock == nil {
		c.addKey(ep, "add a 'clock:' to the service, or remove 'extends'", "transition '%s' extends a clock, but the service has no clock", t.ID)
	}
}

func stateHint(id string, names []string) string {
	if s := suggest(id, names); s != "" {
		return fmt.Sprintf("did you mean '%s'?", s)
	}
	return "states are: " + strings.Join(names, ", ")
}

// reachability walks from the initial state and reports states nothing leads
// to, and non-terminal states with no transition out.
func (c *checker) reachability(states map[string]int, start string) {
	next := map[string][]string{}
	for _, t := range c.d.Workflow.Transitions {
		for _, f := range t.From {
			next[f] = append(next[f], t.To)
		}
	}
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, n := range next[s] {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	for i, s := range c.d.Workflow.States {
		sp := fmt.Sprintf("/workflow/states/%d/id", i)
		if !seen[s.ID] {
			c.add(sp, "add a transition into it, or remove the state", "state '%s' can never be reached from initial state '%s'", s.ID, start)
		}
		if !s.Terminal && len(next[s.ID]) == 0 {
			c.add(sp, "add a transition out of it, or mark it 'terminal: true'", "cases in state '%s' can never move on, but it is not terminal", s.ID)
		}
	}
}

// roles checks that transitions name only declared roles.
func (c *checker) roles() {
	declared := c.d.Roles
	for i, t := range c.d.Workflow.Transitions {
		for k, r := range t.Roles {
			if slices.Contains(declared, r) {
				continue
			}
			hint := "declare it under 'roles:' at the top of the file"
			if s := suggest(r, declared); s != "" {
				hint = fmt.Sprintf("did you mean '%s'? Otherwise %s", s, hint)
			}
			c.add(fmt.Sprintf("/workflow/transitions/%d/roles/%d", i, k), hint, "transition '%s' names role '%s', which the service does not declare", t.ID, r)
		}
	}
}
