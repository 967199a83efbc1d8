package workspace

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// fieldView is one transition field as the form template draws it.
type fieldView struct {
	ID, Label, Hint, Error string
	// Choice is "radios" or "checkboxes" for questions drawn as a fieldset.
	Choice string
	// InputType is the input's type, or "textarea" or "select".
	InputType   string
	Value       string
	Options     []choice
	Describedby string
}

// fieldViews draws a transition's fields with the values and errors of a post.
func fieldViews(qs []service.Question, a service.Answers, errs map[string]string) []fieldView {
	out := make([]fieldView, 0, len(qs))
	for _, q := range qs {
		v := fieldView{ID: q.ID, Label: q.Label, Hint: q.Hint, Error: errs[q.ID], InputType: inputType(q.Type)}
		ans := a[q.ID]
		v.Value = ans.Text
		switch q.Type {
		case service.TypeRadios, service.TypeYesNo:
			v.Choice, v.InputType = "radios", "radio"
		case service.TypeCheckboxes:
			v.Choice, v.InputType = "checkboxes", "checkbox"
		}
		for _, o := range questionOptions(q) {
			checked := o.Value == ans.Text || contains(ans.Choices, o.Value)
			v.Options = append(v.Options, choice{Value: o.Value, Label: o.Label, Checked: checked})
		}
		v.Describedby = describedBy(v)
		out = append(out, v)
	}
	return out
}

func describedBy(v fieldView) string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, v.ID+"-error")
	}
	return strings.Join(ids, " ")
}

func questionOptions(q service.Question) []service.Option {
	if q.Type == service.TypeYesNo && len(q.Options) == 0 {
		return []service.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	}
	return q.Options
}

func inputType(t service.QuestionType) string {
	switch t {
	case service.TypeTextarea:
		return "textarea"
	case service.TypeSelect:
		return "select"
	case service.TypeNumber:
		return "number"
	case service.TypeEmail:
		return "email"
	case service.TypePhone:
		return "tel"
	case service.TypeDate:
		return "date"
	}
	return "text"
}

// decodeFields reads a transition's fields from a form and checks what the
// workspace can check on its own: required answers and offered choices, so
// that every missing field appears in one error summary. The case service
// validates again when it applies the transition.
func decodeFields(qs []service.Question, form url.Values) (service.Answers, map[string]string) {
	a := service.Answers{}
	errs := map[string]string{}
	for _, q := range qs {
		var ans service.Answer
		if q.Type == service.TypeCheckboxes {
			ans.Choices = form[q.ID]
		} else {
			ans.Text = strings.TrimSpace(form.Get(q.ID))
		}
		if msg := checkField(q, ans); msg != "" {
			errs[q.ID] = msg
		}
		if !ans.IsEmpty() {
			a[q.ID] = ans
		}
	}
	return a, errs
}

func checkField(q service.Question, ans service.Answer) string {
	if ans.IsEmpty() {
		if q.Validate.Required {
			return requiredMessage(q)
		}
		return ""
	}
	opts := questionOptions(q)
	if len(opts) == 0 {
		if q.Validate.MaxLength > 0 && len([]rune(ans.Text)) > q.Validate.MaxLength {
			return q.Label + " must be " + strconv.Itoa(q.Validate.MaxLength) + " characters or fewer"
		}
		return ""
	}
	for _, v := range append(ans.Choices, ans.Text) {
		if v != "" && !offered(opts, v) {
			return requiredMessage(q)
		}
	}
	return ""
}

func requiredMessage(q service.Question) string {
	if q.Validate.RequiredMessage != "" {
		return q.Validate.RequiredMessage
	}
	if len(questionOptions(q)) > 0 {
		return "Select " + lowerFirst(q.Label)
	}
	return "Enter " + lowerFirst(q.Label)
}

func offered(opts []service.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && strings.ToUpper(s[:2]) == s[:2]) {
		return s // keep acronyms: "FOI reference"
	}
	return strings.ToLower(s[:1]) + s[1:]
}
