package workspace

import (
	"net/url"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// fieldView is one transition field, drawn by the shared question widgets.
type fieldView = web.Question

// fieldViews draws a transition's fields with what was posted and its
// errors; a team field offers the council's teams.
func fieldViews(qs []service.Question, form url.Values, errs service.FieldErrors, teams []access.Team) []fieldView {
	choices := make([]web.Option, 0, len(teams))
	for _, t := range teams {
		choices = append(choices, web.Option{Value: t.ID, Label: t.Name})
	}
	return web.Questions(web.QuestionInput{Questions: qs, Values: service.Form(form), Errors: errs, Teams: choices})
}

// lowerFirst lower-cases a label's first letter for use inside a sentence,
// leaving acronyms ("FOI reference") alone.
func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && strings.ToUpper(s[:2]) == s[:2]) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
