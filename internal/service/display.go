package service

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// Display is how a person reads answer a to q, as lines: option labels
// rather than the stored values, "Yes" and "No", dates in words ("4 December
// 2026"), an address or a long answer over several lines, a file by its name
// and size. Every page, export and message that shows an answer to a person
// goes through it, so they all agree. An empty answer has no lines.
func (q *Question) Display(a Answer) []string {
	switch {
	case a.IsEmpty():
		return nil
	case a.Address != nil:
		return nonEmptyLines(a.Address.Line1, a.Address.Line2, a.Address.Town, a.Address.Postcode)
	case a.Location != nil:
		return locationLines(a.Location)
	case len(a.Items) > 0:
		return q.displayRepeat(a)
	case a.File != nil:
		return []string{a.File.Name + " (" + ByteSize(a.File.Size) + ")"}
	case len(a.Choices) > 0:
		labels := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			labels[i] = q.OptionLabel(c)
		}
		return labels
	}
	switch q.Type {
	case TypeDate:
		if t, err := time.Parse(time.DateOnly, a.Text); err == nil {
			return []string{q.lang.Or().FormatDay(t, lang.DateLayout)}
		}
	case TypeRadios, TypeSelect, TypeYesNo:
		return []string{q.OptionLabel(a.Text)}
	case TypeTextarea:
		return strings.Split(a.Text, "\n")
	}
	return []string{a.Text}
}

// DisplayText is Display on one line, parts joined by ", " (a CSV cell, a
// message placeholder); empty when there is no answer.
func (q *Question) DisplayText(a Answer) string {
	return strings.Join(q.Display(a), ", ")
}

// OptionLabel is the label of the option whose value is v ("Yes"/"No" for
// a yes/no question); a value the question no longer offers shows as stored.
func (q *Question) OptionLabel(v string) string {
	if q.Type == TypeYesNo && len(q.Options) == 0 {
		switch v {
		case "yes":
			return say(q, "Yes")
		case "no":
			return say(q, "No")
		}
	}
	if q.Type == TypeYesNo {
		r, n := utf8.DecodeRuneInString(v)
		if n == 0 {
			return v
		}
		return string(unicode.ToUpper(r)) + v[n:]
	}
	for _, o := range q.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// ByteSize writes a file size for people: "512 bytes", "34 KB", "2.1 MB".
func ByteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

func locationLines(l *Location) []string {
	lines := nonEmptyLines(l.Description)
	if l.Place != "" {
		lines = append(lines, l.Place)
	}
	if l.UPRN != "" {
		lines = append(lines, "Property reference (UPRN) "+l.UPRN)
	}
	if l.USRN != "" {
		lines = append(lines, "Street reference (USRN) "+l.USRN)
	}
	if l.Lat != nil && l.Lng != nil {
		lines = append(lines, "Latitude "+strconv.FormatFloat(*l.Lat, 'f', -1, 64)+", longitude "+strconv.FormatFloat(*l.Lng, 'f', -1, 64))
	}
	return lines
}

func nonEmptyLines(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
