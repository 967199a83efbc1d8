package open311

import (
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// formOf maps a GeoReport request onto the definition's questions, as the
// form fields service.DecodeAll reads:
//   - attribute[code] → the question with id code (checkboxes: repeated);
//   - description (and media_url links) → the main textarea;
//   - lat/long, attribute[uprn] (or a numeric address_id), address_string →
//     the location question;
//   - first_name + last_name, email, phone → the applicant's questions.
//
// Attributes naming no question (FixMyStreet's title, report_url,
// fixmystreet_id…) are ignored, as the spec allows.
func formOf(d *service.Definition, req Request) service.Form {
	r := rolesOf(d)
	form := service.Form{}
	forEachQuestion(d, func(q *service.Question) {
		vs, ok := req.Attributes[q.ID]
		if !ok || r.has(q) {
			return
		}
		switch q.Type {
		case service.TypeDate:
			day, month, year := dateParts(first(vs))
			form[q.ID+"-day"], form[q.ID+"-month"], form[q.ID+"-year"] = []string{day}, []string{month}, []string{year}
		case service.TypeYesNo:
			form[q.ID] = []string{yesNo(first(vs))}
		case service.TypeCheckboxes:
			form[q.ID] = splitMulti(vs)
		default:
			form[q.ID] = vs[:1]
		}
	})
	if r.description != nil {
		form[r.description.ID] = []string{describe(req)}
	}
	if r.location != nil {
		locationFields(form, r.location.ID, req)
	}
	set := func(q *service.Question, v string) {
		if q != nil && v != "" {
			form[q.ID] = []string{v}
		}
	}
	set(r.name, strings.TrimSpace(req.FirstName+" "+req.LastName))
	set(r.email, req.Email)
	set(r.phone, req.Phone)
	set(r.contactBy, contactBy(req))
	return form
}

func locationFields(form service.Form, id string, req Request) {
	if req.Lat != nil {
		form[id+"-lat"] = []string{strconv.FormatFloat(*req.Lat, 'f', -1, 64)}
		form[id+"-lng"] = []string{strconv.FormatFloat(*req.Long, 'f', -1, 64)}
	}
	uprn := first(req.Attributes["uprn"])
	if uprn == "" && isDigits(req.AddressID) { // FixMyStreet sends #NOTPINPOINTED# when it has no point
		uprn = req.AddressID
	}
	if uprn != "" {
		form[id+"-uprn"] = []string{uprn}
	}
	desc := req.AddressString
	if desc == "" {
		desc = first(req.Attributes["closest_address"])
	}
	if desc != "" {
		form[id+"-description"] = []string{desc}
	}
}

// contactBy is how a GeoReport reporter is contacted: GeoReport has no
// field for a choice, so by email when the client sent an address (as
// FixMyStreet always does), else by text to the phone it sent.
func contactBy(req Request) string {
	switch {
	case req.Email != "":
		return service.ContactEmail
	case req.Phone != "":
		return service.ContactSMS
	}
	return ""
}

// describe is the description with any media_url links after it: links are
// kept for officers to open, never fetched by the server.
func describe(req Request) string {
	if len(req.MediaURLs) == 0 {
		return req.Description
	}
	return strings.TrimSpace(req.Description + "\n\nPhotos: " + strings.Join(req.MediaURLs, " "))
}

// dateParts accepts a date or a W3C datetime and splits its date.
func dateParts(s string) (day, month, year string) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[8:10], s[5:7], s[:4]
	}
	return s, "", ""
}

func yesNo(s string) string {
	switch strings.ToLower(s) {
	case "true", "1", "y", "yes":
		return "yes"
	case "false", "0", "n", "no":
		return "no"
	}
	return s
}

// splitMulti accepts a multivaluelist as repeated attribute[code][] values or
// one comma-separated value.
func splitMulti(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// fieldName says which GeoReport field an answer error is about.
func fieldName(d *service.Definition, field string) string {
	r := rolesOf(d)
	id := field
	for _, suffix := range []string{"-day", "-month", "-year", "-description", "-lat", "-lng", "-uprn"} {
		id = strings.TrimSuffix(id, suffix)
	}
	switch {
	case r.description != nil && id == r.description.ID:
		return "description"
	case r.location != nil && id == r.location.ID:
		return "location (lat/long, address_string or attribute[uprn])"
	case r.name != nil && id == r.name.ID:
		return "first_name/last_name"
	case r.email != nil && id == r.email.ID:
		return "email"
	case r.phone != nil && id == r.phone.ID:
		return "phone"
	case r.contactBy != nil && id == r.contactBy.ID:
		return "email or phone"
	}
	return "attribute[" + id + "]"
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func isDigits(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
