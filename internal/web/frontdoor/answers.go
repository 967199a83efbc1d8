package frontdoor

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// formOf writes saved answers as the page's form values, by the service
// codec (the inverse of the decoder that read them).
func formOf(page *service.Page, answers service.Answers) form {
	return form(service.EncodeForm(page.Questions, answers))
}

func set(f form, id, part, v string) {
	if v != "" {
		f[id+"-"+part] = []string{v}
	}
}

// display renders an answer for "Check your answers" (service.Question.Display):
// one value, or several lines for an address, a location, a long answer or
// several choices.
func display(def *service.Definition, q *service.Question, a service.Answer) (string, []string) {
	lines := q.Display(a)
	switch {
	case len(lines) == 0:
		return web.Messages.Sprintf(def.Lang(), "Not given"), nil
	case len(lines) == 1 && len(a.Choices) == 0 && a.Address == nil && a.Location == nil && q.Type != service.TypeTextarea:
		return lines[0], nil
	}
	return "", lines
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
