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
		if s.ID == StateMerged {
			c.add(fmt.Sprintf("/workflow/states/%d/id", i), "choose another id: the platform closes a duplicate report in this state itself", "state id '%s' is reserved", s.ID)
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
		roots := make([]string, len(initial))
		for i, s := range initial {
			roots[i] = w.States[s].ID
		}
		c.reachability(roots)
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
				c.add(fmt.Sprintf("%s/from/%d", tp, k), "states are: "+strings.Join(names, ", "), "transition '%s' starts from unknown state '%s'%s", t.ID, f, didYouMean(f, names))
			} else if c.d.Workflow.States[states[f]].Terminal {
				c.add(fmt.Sprintf("%s/from/%d", tp, k), "remove 'terminal: true' from the state, or remove it from 'from' (to reopen cases, use a non-terminal 'closed' state)", "transition '%s' leaves terminal state '%s'; a terminal state is final", t.ID, f)
			}
		}
		if _, ok := states[t.To]; !ok {
			c.add(tp+"/to", "states are: "+strings.Join(names, ", "), "transition '%s' goes to unknown state '%s'%s", t.ID, t.To, didYouMean(t.To, names))
		}
		if t.Extends != nil {
			c.extension(tp+"/extends", t)
		}
		if t.ClockDate != "" {
			c.clockDate(tp+"/clock_date", t)
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

// didYouMean suggests the closest candidate to a misspelt word, as a
// message suffix: "; did you mean 'new'?" (empty when none is close).
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean '%s'?", s)
	}
	return ""
}

// reachability walks from the initial states and reports states nothing
// leads to, and non-terminal states with no transition out. (Extra initial
// states are reported already; counting them as roots avoids a second line.)
func (c *checker) reachability(roots []string) {
	next := map[string][]string{}
	for _, t := range c.d.Workflow.Transitions {
		for _, f := range t.From {
			next[f] = append(next[f], t.To)
		}
	}
	seen := map[string]bool{}
	for _, r := range roots {
		seen[r] = true
	}
	queue := slices.Clone(roots)
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
			c.add(sp, "add a transition into it, or remove the state", "state '%s' can never be reached from initial state '%s'", s.ID, roots[0])
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
			c.add(fmt.Sprintf("/workflow/transitions/%d/roles/%d", i, k), "declare it under 'roles:' at the top of the file, or use one of: "+strings.Join(declared, ", "),
				"transition '%s' names role '%s', which the service does not declare%s", t.ID, r, didYouMean(r, declared))
		}
	}
}

// clockDate checks that a transition's clock_date names one of its own date
// fields that cannot be in the future.
func (c *checker) clockDate(ptr string, t Transition) {
	for _, f := range t.Fields {
		if f.ID != t.ClockDate {
			continue
		}
		if f.Type != TypeDate || !f.Validate.Past {
			c.add(ptr, "make '"+f.ID+"' a date field with 'validate: {past: true}'", "clock_date '%s' of transition '%s' must be a date that cannot be in the future", f.ID, t.ID)
		}
		return
	}
	var ids []string
	for _, f := range t.Fields {
		ids = append(ids, f.ID)
	}
	c.add(ptr, "name one of the transition's fields", "clock_date '%s' is not a field of transition '%s'%s", t.ClockDate, t.ID, didYouMean(t.ClockDate, ids))
}
