package workspace

import (
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// fieldView is one transition field: which GOV.UK partial draws it, and its data.
type fieldView struct {
	// Kind names the partial: input, textarea, date-input, radios, checkboxes, select.
	Kind  string
	Field web.Field
}

// decodeFields reads and validates a transition's fields with the service
// language's own decoder (the one the front door uses for question pages),
// so that officers get the same normalising and GOV.UK messages as residents.
func decodeFields(qs []service.Question, form url.Values, now time.Time) (service.Answers, service.FieldErrors) {
	def := &service.Definition{Pages: []service.Page{{ID: "transition", Questions: qs}}}
	return def.DecodePageAt(&def.Pages[0], service.Form(form), nil, now)
}

// fieldViews draws a transition's fields with what was posted and its errors.
// A team field is a select of the council's teams.
func fieldViews(qs []service.Question, form url.Values, errs service.FieldErrors, teams []access.Team) []fieldView {
	out := make([]fieldView, 0, len(qs))
	for _, q := range qs {
		f := web.Field{ID: q.ID, Label: q.Label, Hint: q.Hint, Error: errorFor(errs, q.ID), Value: form.Get(q.ID), Values: form[q.ID]}
		kind := "input"
		switch q.Type {
		case service.TypeTextarea:
			kind, f.Rows = "textarea", 5
		case service.TypeRadios, service.TypeYesNo:
			kind, f.Inline = "radios", q.Type == service.TypeYesNo
		case service.TypeCheckboxes:
			kind = "checkboxes"
		case service.TypeSelect:
			kind = "select"
		case service.TypeTeam:
			kind = "select"
			f.Options = append(f.Options, web.Option{Value: "", Label: "Choose a team"})
			for _, t := range teams {
				f.Options = append(f.Options, web.Option{Value: t.ID, Label: t.Name})
			}
		case service.TypeDate:
			kind = "date-input"
			f.Date = web.DateParts{Day: form.Get(q.ID + "-day"), Month: form.Get(q.ID + "-month"), Year: form.Get(q.ID + "-year")}
		case service.TypeEmail:
			f.Type, f.NoSpellcheck = "email", true
		case service.TypePhone:
			f.Type = "tel"
		case service.TypeNumber:
			f.InputMode = "decimal"
		}
		for _, o := range questionOptions(q) {
			f.Options = append(f.Options, web.Option{Value: o.Value, Label: o.Label, Hint: o.Hint})
		}
		out = append(out, fieldView{Kind: kind, Field: f})
	}
	return out
}

// errorFor is the message for question id: a date's error is on "id-day" etc.
func errorFor(errs service.FieldErrors, id string) string {
	for _, e := range errs {
		if e.Field == id || strings.HasPrefix(e.Field, id+"-") {
			return e.Message
		}
	}
	return ""
}

func questionOptions(q service.Question) []service.Option {
	if q.Type == service.TypeYesNo && len(q.Options) == 0 {
		return []service.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	}
	return q.Options
}

// lowerFirst lower-cases a label's first letter for use inside a sentence,
// leaving acronyms ("FOI reference") alone.
func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && strings.ToUpper(s[:2]) == s[:2]) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
