package service

import "fmt"

// Open311Description is the question an Open311 request's description
// fills: the first textarea shown unconditionally that is not one of the
// applicant's, or nil when the service has none (a hidden question's
// answer would be dropped, so a conditional one cannot hold it).
func (d *Definition) Open311Description() *Question {
	for i := range d.Pages {
		for j := range d.Pages[i].Questions {
			q := &d.Pages[i].Questions[j]
			a := d.Applicant
			if q.Type == TypeTextarea && q.ShowIf == nil && q.ID != a.Name && q.ID != a.Email && q.ID != a.Phone {
				return q
			}
		}
	}
	return nil
}

// geoReportFields are the names FixMyStreet sends of its own, as GeoReport
// fields or as attribute[...] on every report: a question with one of
// these ids would be filled with FixMyStreet's value (the report's text in
// a question about a witness, say) or be ambiguous. Each maps to the
// question it may name: the one the platform fills from that field.
var geoReportFields = map[string]func(d *Definition) string{
	"description": func(d *Definition) string {
		if q := d.Open311Description(); q != nil {
			return q.ID
		}
		return ""
	},
	"first_name": func(d *Definition) string { return d.Applicant.Name },
	"last_name":  nil,
	"email":      func(d *Definition) string { return d.Applicant.Email },
	"phone":      func(d *Definition) string { return d.Applicant.Phone },
	"media_url":  nil, "title": nil, "report_url": nil, "fixmystreet_id": nil,
	"closest_address": nil, "easting": nil, "northing": nil, "uprn": nil,
	"address_string": nil, "address_id": nil, "lat": nil, "long": nil,
	"service_code": nil, "jurisdiction_id": nil, "api_key": nil,
}

// open311Fields refuses, in a service exposed through Open311, a question
// whose id is a name FixMyStreet sends of its own, unless it is the very
// question that name fills.
func (c *checker) open311Fields() {
	if c.d.Open311 == nil {
		return
	}
	for i, p := range c.d.Pages {
		for j, q := range p.Questions {
			fills, reserved := geoReportFields[q.ID]
			if !reserved || fills != nil && fills(c.d) == q.ID {
				continue
			}
			c.add(fmt.Sprintf("/pages/%d/questions/%d/id", i, j), "rename the question (for example '"+q.ID+"_details'): FixMyStreet sends '"+q.ID+"' of its own on every report",
				"question id '%s' is a name Open311 clients (FixMyStreet) send of their own, so their value would be taken as the answer", q.ID)
		}
	}
}
