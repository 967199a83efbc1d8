package open311

import (
	"fmt"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Unadvertised lists, as problems with the definition, what a GeoReport
// client would be refused for leaving out although the service does not
// advertise it as required: the client sends exactly what it is told —
// the required attributes, a description, a point and the reporter's name
// and email (FixMyStreet sends these on every report) — and this is
// decoded as a real request is. A value the sample got wrong (a pattern,
// a range) is not reported: only a question nobody was asked. `services
// check` reports each, so a definition cannot make Open311 refuse reports.
func Unadvertised(d *service.Definition, now time.Time) []service.Problem {
	if d.Open311 == nil {
		return nil
	}
	lat, lng := 52.2053, 0.1218
	req := Request{Description: "A report", FirstName: "Jane", LastName: "Doe", Email: "jane@example.org",
		Lat: &lat, Long: &lng, Attributes: map[string][]string{}}
	sent := map[string]bool{}
	for _, a := range attributes(d) {
		if a.Required {
			req.Attributes[a.Code] = []string{sampleValue(a)}
			sent[a.Code] = true
		}
	}
	r := rolesOf(d)
	for _, q := range []*service.Question{r.description, r.location, r.name, r.email, r.contactBy} {
		if q != nil {
			sent[q.ID] = true
		}
	}
	answers, ferrs := d.DecodeAllAt(formOf(d, req), now)
	skip := unasked(d)
	var out []service.Problem
	reported := map[string]bool{}
	for _, fe := range ferrs {
		id := questionID(d, fe.Field)
		if isUnanswered(skip, answers, fe.Field) || sent[id] || reported[id] {
			continue
		}
		reported[id] = true
		out = append(out, d.ProblemAt(questionPointer(d, id),
			"make it not required, or show it only on a condition (a report without it is then accepted and the gap shown to the officer)",
			fmt.Sprintf("Open311 clients would be refused for leaving out %s (%s), which the service does not advertise as required", fieldName(d, fe.Field), fe.Message)))
	}
	return out
}

// sampleValue is a value of an attribute's kind, as a client fills it.
func sampleValue(a attribute) string {
	switch {
	case len(a.Values) > 0:
		return a.Values[0].Key
	case a.Datatype == "number":
		return "2"
	case a.Datatype == "datetime":
		return "2026-01-05"
	}
	return "Some words"
}

// questionID is the question a form field belongs to ("when-day" → "when").
func questionID(d *service.Definition, field string) string {
	id := field
	forEachQuestion(d, func(q *service.Question) {
		if len(field) > len(q.ID) && field[:len(q.ID)+1] == q.ID+"-" {
			id = q.ID
		}
	})
	return id
}

// questionPointer is the JSON pointer of the question with id.
func questionPointer(d *service.Definition, id string) string {
	for i, p := range d.Pages {
		for j, q := range p.Questions {
			if q.ID == id {
				return fmt.Sprintf("/pages/%d/questions/%d", i, j)
			}
		}
	}
	return "/open311"
}
