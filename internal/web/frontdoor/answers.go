package frontdoor

import (
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// formOf turns saved answers back into form values, for showing a page again.
func formOf(def *service.Definition, page *service.Page, answers service.Answers) form {
	f := form{}
	for _, q := range page.Questions {
		a, ok := answers[q.ID]
		if !ok {
			continue
		}
		switch {
		case a.Address != nil:
			set(f, q.ID, "line1", a.Address.Line1)
			set(f, q.ID, "line2", a.Address.Line2)
			set(f, q.ID, "town", a.Address.Town)
			set(f, q.ID, "postcode", a.Address.Postcode)
			set(f, q.ID, "uprn", a.Address.UPRN)
		case a.Location != nil:
			set(f, q.ID, "description", a.Location.Description)
			set(f, q.ID, "uprn", a.Location.UPRN)
			if a.Location.Lat != nil && a.Location.Lng != nil {
				set(f, q.ID, "lat", strconv.FormatFloat(*a.Location.Lat, 'f', -1, 64))
				set(f, q.ID, "lng", strconv.FormatFloat(*a.Location.Lng, 'f', -1, 64))
			}
		case len(a.Choices) > 0:
			f[q.ID] = a.Choices
		case q.Type == service.TypeDate:
			if t, err := time.Parse(time.DateOnly, a.Text); err == nil {
				set(f, q.ID, "day", strconv.Itoa(t.Day()))
				set(f, q.ID, "month", strconv.Itoa(int(t.Month())))
				set(f, q.ID, "year", strconv.Itoa(t.Year()))
			}
		case a.Text != "":
			f[q.ID] = []string{a.Text}
		}
	}
	return f
}

func set(f form, id, part, v string) {
	if v != "" {
		f[id+"-"+part] = []string{v}
	}
}

// display renders an answer for "Check your answers" (service.Question.Display):
// one value, or several lines for an address, a location, a long answer or
// several choices.
func display(q *service.Question, a service.Answer) (string, []string) {
	lines := q.Display(a)
	switch {
	case len(lines) == 0:
		return "Not given", nil
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
