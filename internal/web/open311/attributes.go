package open311

import (
	"encoding/xml"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// attribute is one entry of a service definition.
type attribute struct {
	XMLName             xml.Name `xml:"attribute" json:"-"`
	Variable            bool     `xml:"variable" json:"variable"`
	Code                string   `xml:"code" json:"code"`
	Datatype            string   `xml:"datatype" json:"datatype"`
	Required            bool     `xml:"required" json:"required"`
	DatatypeDescription string   `xml:"datatype_description" json:"datatype_description"`
	Order               int      `xml:"order" json:"order"`
	Description         string   `xml:"description" json:"description"`
	Values              []value  `xml:"values>value,omitempty" json:"values,omitempty"`
}

type value struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

// roles are the questions filled from GeoReport's own fields rather than from
// attribute[...]: description, location, and the applicant's name, email and
// phone, and how they want to be contacted (by the address they gave).
type roles struct {
	description, location, name, email, phone, contactBy *service.Question
}

func rolesOf(d *service.Definition) roles {
	var r roles
	byID := map[string]*service.Question{}
	forEachQuestion(d, func(q *service.Question) {
		byID[q.ID] = q
		switch {
		case q.Type == service.TypeLocation && r.location == nil:
			r.location = q
		}
	})
	pick := func(id string, types ...service.QuestionType) *service.Question {
		if q, ok := byID[id]; ok && id != "" {
			for _, t := range types {
				if q.Type == t {
					return q
				}
			}
		}
		return nil
	}
	r.name = pick(d.Applicant.Name, service.TypeText)
	r.email = pick(d.Applicant.Email, service.TypeEmail, service.TypeText)
	r.phone = pick(d.Applicant.Phone, service.TypePhone, service.TypeText)
	r.contactBy = pick(d.Applicant.ContactBy, service.TypeRadios)
	if q := d.Open311Description(); q != nil {
		r.description = byID[q.ID]
	}
	return r
}

func (r roles) isApplicant(q *service.Question) bool {
	return q == r.name || q == r.email || q == r.phone || q == r.contactBy
}

// has reports whether q is filled from a GeoReport field.
func (r roles) has(q *service.Question) bool {
	return q == r.description || q == r.location || r.isApplicant(q)
}

func forEachQuestion(d *service.Definition, fn func(q *service.Question)) {
	for i := range d.Pages {
		for j := range d.Pages[i].Questions {
			fn(&d.Pages[i].Questions[j])
		}
	}
}

// datatypes maps question types to Open311 datatypes; types absent here
// (address, file, location) cannot be sent as an attribute.
var datatypes = map[service.QuestionType]string{
	service.TypeText: "string", service.TypeEmail: "string", service.TypePhone: "string",
	service.TypePostcode: "string", service.TypeTextarea: "text", service.TypeNumber: "number",
	service.TypeDate: "datetime", service.TypeRadios: "singlevaluelist", service.TypeSelect: "singlevaluelist",
	service.TypeYesNo: "singlevaluelist", service.TypeCheckboxes: "multivaluelist",
}

// attributes generates a service definition's attributes from its
// questions, in page order. A question shown only on a condition is not
// required, since a client cannot evaluate the condition; its description
// says when it applies.
func attributes(d *service.Definition) []attribute {
	r := rolesOf(d)
	var out []attribute
	forEachQuestion(d, func(q *service.Question) {
		dt, ok := datatypes[q.Type]
		if !ok || r.has(q) {
			return
		}
		a := attribute{
			Variable: true, Code: q.ID, Datatype: dt, Order: len(out) + 1,
			Required:            q.Validate.Required && q.ShowIf == nil,
			Description:         strings.TrimSuffix(strings.TrimSpace(q.Label), ":"),
			DatatypeDescription: datatypeDescription(q),
		}
		a.Values = values(q)
		out = append(out, a)
	})
	return out
}

// unasked lists the questions a GeoReport client cannot be asked for: shown
// only on a condition (a client cannot evaluate it) or of a type no
// attribute or GeoReport field carries (an address; a photo, which media
// and photo uploads may or may not bring). A report that leaves
// them unanswered is accepted, with the gap shown to the officer: Open311
// must never require what it does not advertise.
func unasked(d *service.Definition) []string {
	r := rolesOf(d)
	var out []string
	forEachQuestion(d, func(q *service.Question) {
		_, expressible := datatypes[q.Type]
		if q.ShowIf != nil || (!expressible && !r.has(q)) {
			out = append(out, q.ID)
		}
	})
	return out
}

func values(q *service.Question) []value {
	if q.Type == service.TypeYesNo {
		return []value{{"yes", "Yes"}, {"no", "No"}}
	}
	var vs []value
	for _, o := range q.Options {
		vs = append(vs, value{Key: o.Value, Name: o.Label})
	}
	return vs
}

func datatypeDescription(q *service.Question) string {
	var parts []string
	if q.Hint != "" {
		parts = append(parts, q.Hint)
	}
	switch q.Type {
	case service.TypeDate:
		parts = append(parts, "A date, YYYY-MM-DD.")
	case service.TypePostcode:
		parts = append(parts, "A UK postcode.")
	case service.TypePhone:
		parts = append(parts, "A UK phone number.")
	}
	if q.ShowIf != nil && q.Validate.Required {
		parts = append(parts, "Required when "+q.ShowIf.Question+" is answered accordingly.")
	}
	return strings.Join(parts, " ")
}
