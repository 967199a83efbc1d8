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

// display renders an answer for "Check your answers": option labels rather
// than values, dates in words, addresses over several lines.
func display(q *service.Question, a service.Answer) (string, []string) {
	switch {
	case a.IsEmpty():
		return "Not given", nil
	case a.Address != nil:
		return "", nonEmpty(a.Address.Line1, a.Address.Line2, a.Address.Town, a.Address.Postcode)
	case a.Location != nil:
		return "", locationLines(a.Location)
	case a.File != nil:
		return a.File.Name + " (" + sizeText(a.File.Size) + ")", nil
	case len(a.Choices) > 0:
		var labels []string
		for _, c := range a.Choices {
			labels = append(labels, optionLabel(q, c))
		}
		return "", labels
	}
	switch q.Type {
	case service.TypeDate:
		if t, err := time.Parse(time.DateOnly, a.Text); err == nil {
			return t.Format("2 January 2006"), nil
		}
	case service.TypeRadios, service.TypeSelect, service.TypeYesNo:
		return optionLabel(q, a.Text), nil
	case service.TypeTextarea:
		return "", strings.Split(a.Text, "\n")
	}
	return a.Text, nil
}

func optionLabel(q *service.Question, v string) string {
	if q.Type == service.TypeYesNo {
		return upperFirst(v)
	}
	for _, o := range q.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func locationLines(l *service.Location) []string {
	lines := nonEmpty(l.Description)
	if l.UPRN != "" {
		lines = append(lines, "Property reference (UPRN) "+l.UPRN)
	}
	if l.Lat != nil && l.Lng != nil {
		lines = append(lines, "Latitude "+strconv.FormatFloat(*l.Lat, 'f', -1, 64)+", longitude "+strconv.FormatFloat(*l.Lng, 'f', -1, 64))
	}
	return lines
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

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
