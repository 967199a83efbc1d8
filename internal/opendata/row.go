package opendata

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Record is what the store reads of one case for publishing. ApplicantName
// is read only so that the redactor can remove it from free text.
type Record struct {
	ID            int64
	Ref           string
	ServiceID     string
	State         string
	Answers       service.Answers
	ApplicantName string
	SubmittedAt   time.Time
	UpdatedAt     time.Time
	ClosedAt      *time.Time
}

// Value is one published cell: Null for nothing, Number when the text is
// a number (unquoted in JSON).
type Value struct {
	Text   string
	Number bool
	Null   bool
}

func text(s string) Value {
	if s == "" {
		return Value{Null: true}
	}
	return Value{Text: s}
}

// Row turns a case into the dataset's cells, in column order.
func (d Dataset) Row(rec Record) []Value {
	red := Redactor{Names: []string{rec.ApplicantName}}
	out := make([]Value, len(d.Columns))
	for i, c := range d.Columns {
		out[i] = d.cell(c, rec, red)
	}
	return out
}

func (d Dataset) cell(c Column, rec Record, red Redactor) Value {
	switch c.source {
	case "reference":
		return text(rec.Ref)
	case "service":
		return text(rec.ServiceID)
	case "status":
		if c.part == "label" {
			return text(d.def.StateLabel(rec.State))
		}
		return text(rec.State)
	case "submitted_at":
		return timeValue(&rec.SubmittedAt)
	case "updated_at":
		return timeValue(&rec.UpdatedAt)
	case "closed_at":
		return timeValue(rec.ClosedAt)
	}
	return d.answerCell(c, rec.Answers[c.source], red)
}

func timeValue(t *time.Time) Value {
	if t == nil || t.IsZero() {
		return Value{Null: true}
	}
	return Value{Text: t.UTC().Format(time.RFC3339)}
}

func (d Dataset) answerCell(c Column, a service.Answer, red Redactor) Value {
	q, _ := d.def.Question(c.source)
	switch {
	case a.Location != nil:
		return d.locationCell(c, *a.Location, red)
	case a.IsEmpty():
		return Value{Null: true}
	case a.Address != nil:
		return text(outwardOnly(a.Address.Postcode)) // the street and number could name a home
	case len(a.Choices) > 0:
		return text(strings.Join(a.Choices, ";"))
	case q != nil && q.Type == service.TypeNumber:
		return Value{Text: a.Text, Number: true}
	case q != nil && q.Type == service.TypePostcode:
		return text(outwardOnly(a.Text))
	case q != nil && (q.Type == service.TypeText || q.Type == service.TypeTextarea):
		return text(red.Redact(a.Text))
	}
	return text(a.Text)
}

func (d Dataset) locationCell(c Column, l service.Location, red Redactor) Value {
	switch c.part {
	case "lat":
		return coordinate(l.Lat, d.Decimals)
	case "lng":
		return coordinate(l.Lng, d.Decimals)
	}
	return text(red.Redact(l.Description))
}

// coordinate rounds to the declared decimals: 3 places is about 100 m.
func coordinate(v *float64, decimals int) Value {
	if v == nil {
		return Value{Null: true}
	}
	p := math.Pow(10, float64(decimals))
	return Value{Text: strconv.FormatFloat(math.Round(*v*p)/p, 'f', decimals, 64), Number: true}
}

func outwardOnly(postcode string) string {
	if m := postcodeRE.FindStringSubmatch(postcode); m != nil {
		return strings.ToUpper(m[1])
	}
	if f := strings.Fields(postcode); len(f) > 0 {
		return strings.ToUpper(f[0])
	}
	return ""
}
