package web

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestQuestionsReveal: a question shown for one option of a radios
// question on the same page is drawn inside that option's conditional
// reveal, with what was typed and its error; a calculated question is not
// drawn at all.
func TestQuestionsReveal(t *testing.T) {
	qs := []service.Question{
		{ID: "contact_by", Type: service.TypeRadios, Label: "how should we contact you?",
			Options: []service.Option{{Value: "email", Label: "Email"}, {Value: "phone", Label: "Phone"}}},
		{ID: "email", Type: service.TypeEmail, Label: "Email address", ShowIf: &service.Condition{Question: "contact_by", Equals: "email"}},
		{ID: "score", Type: service.TypeNumber, Label: "Score", Calculate: "1 + 1"},
	}
	got := Questions(QuestionInput{Questions: qs, Values: service.Form{"contact_by": {"email"}, "email": {"ada@"}},
		Errors: service.FieldErrors{{Field: "email", Message: "Enter an email address in the correct format"}}})
	if len(got) != 1 || got[0].Kind != "radios" || got[0].Field.Label != "How should we contact you?" {
		t.Fatalf("top-level widgets = %+v", got)
	}
	opts := got[0].Field.Options
	if len(opts[0].Reveal) != 1 || len(opts[1].Reveal) != 0 {
		t.Fatalf("reveals = %+v", opts)
	}
	child := opts[0].Reveal[0].Field
	if child.ID != "email" || child.Type != "email" || child.Value != "ada@" || child.Error == "" {
		t.Errorf("revealed field = %+v", child)
	}
}
