package service_test

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

func TestDefinitionAnswersWorkflowQuestions(t *testing.T) {
	d := &service.Definition{Workflow: service.Workflow{
		States: []service.State{{ID: "received", Label: "Received", Initial: true}, {ID: "triage"}, {ID: "closed", Label: "Closed", Terminal: true}},
		Transitions: []service.Transition{
			{ID: "triage", Label: "Triage", From: []string{"received"}, To: "triage"},
			{ID: "close", Label: "Close", From: []string{"received", "triage"}, To: "closed"},
		},
	}}
	if s, ok := d.State("closed"); !ok || !s.Terminal {
		t.Errorf("State(closed) = %+v, %v", s, ok)
	}
	if _, ok := d.State("gone"); ok {
		t.Error("State(gone) found")
	}
	for id, want := range map[string]string{"received": "Received", "triage": "triage", "gone": "gone"} {
		if got := d.StateLabel(id); got != want {
			t.Errorf("StateLabel(%q) = %q, want %q", id, got, want)
		}
	}
	if tr, ok := d.Transition("close"); !ok || tr.To != "closed" {
		t.Errorf("Transition(close) = %+v, %v", tr, ok)
	}
	ids := func(ts []service.Transition) (out []string) {
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	if got := ids(d.TransitionsFrom("received")); len(got) != 2 || got[0] != "triage" || got[1] != "close" {
		t.Errorf("TransitionsFrom(received) = %v", got)
	}
	if got := d.TransitionsFrom("closed"); got != nil {
		t.Errorf("TransitionsFrom(closed) = %v", got)
	}
	var none *service.Definition
	if none.StateLabel("x") != "x" || none.TransitionsFrom("x") != nil {
		t.Error("nil definition answered")
	}
	if _, ok := none.Transition("x"); ok {
		t.Error("nil definition has a transition")
	}
}
