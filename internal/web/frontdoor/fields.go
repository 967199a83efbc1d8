package frontdoor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// questionView is one question ready for its template. Kind picks the
// partial: input, textarea, date, radios, checkboxes, select, file, address
// or location. Composite questions (address, location) use Parts.
type questionView struct {
	Kind  string
	Field web.Field
	Parts []web.Field
	// File is the upload kept from earlier, if any.
	File *service.FileRef
	// UPRN is the address's property reference, carried in a hidden field.
	UPRN string
	// Lookup is the postcode box of an address question (when a gazetteer is
	// wired) and Found the addresses at that postcode to pick from.
	Lookup *web.Field
	Found  *web.Field
}

// form is posted or reconstructed form values by field name.
type form map[string][]string

func (f form) get(k string) string {
	if v := f[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// views builds the page's visible questions from form values and errors.
// A question is the page's heading when it is alone on the page and its
// label says the same as the page title (GOV.UK's one question per page).
func views(def *service.Definition, page *service.Page, vals form, answers service.Answers, errs service.FieldErrors) []questionView {
	var out []questionView
	var visible []*service.Question
	for i := range page.Questions {
		q := &page.Questions[i]
		if sameParent(def, page, q) || def.QuestionVisible(q, answers) {
			visible = append(visible, q)
		}
	}
	for _, q := range visible {
		v := view(def, q, vals, errs)
		v.Field.Heading = len(visible) == 1 && headingLike(q.Label, page.Title)
		if a, ok := answers[q.ID]; ok && a.File != nil {
			v.File = a.File
		}
		out = append(out, v)
	}
	return out
}

// sameParent reports whether q depends on a question on the same page: it is
// shown (and ignored when its condition fails) so the page works without
// JavaScript, as GOV.UK's conditional reveal does.
func sameParent(def *service.Definition, page *service.Page, q *service.Question) bool {
	if q.ShowIf == nil {
		return false
	}
	for _, other := range page.Questions {
		if other.ID == q.ShowIf.Question {
			return true
		}
	}
	return false
}

func headingLike(label, title string) bool {
	norm := func(s string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "?.")) }
	return norm(label) == norm(title)
}

// view turns one question into its field(s).
func view(def *service.Definition, q *service.Question, vals form, errs service.FieldErrors) questionView {
	f := web.Field{ID: q.ID, Label: upperFirst(q.Label), Hint: q.Hint, Error: errorFor(q.ID, errs), Value: vals.get(q.ID)}
	v := questionView{Kind: "input", Field: f}
	switch q.Type {
	case service.TypeTextarea:
		v.Kind, v.Field.Rows = "textarea", 5
	case service.TypeNumber:
		v.Field.InputMode, v.Field.Width, v.Field.NoSpellcheck = "decimal", "10", true
	case service.TypeEmail:
		v.Field.Type, v.Field.Autocomplete, v.Field.NoSpellcheck = "email", "email", true
	case service.TypePhone:
		v.Field.Type, v.Field.Autocomplete, v.Field.Width = "tel", "tel", "20"
	case service.TypePostcode:
		v.Field.Autocomplete, v.Field.Width, v.Field.NoSpellcheck = "postal-code", "10", true
	case service.TypeDate:
		v.Kind = "date"
		v.Field.Date = dateParts(q.ID, vals, errs)
		if def.Applicant.DateOfBirth == q.ID {
			v.Field.Autocomplete = "bday"
		}
	case service.TypeRadios, service.TypeSelect:
		v.Kind = "radios"
		if q.Type == service.TypeSelect {
			v.Kind = "select"
		}
		v.Field.Options = options(q, q.Type == service.TypeSelect)
	case service.TypeYesNo:
		v.Kind, v.Field.Inline = "radios", true
		v.Field.Options = []web.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	case service.TypeCheckboxes:
		v.Kind, v.Field.Values, v.Field.Options = "checkboxes", vals[q.ID], options(q, false)
	case service.TypeFile:
		v.Kind, v.Field.Accept = "file", strings.Join(q.Accept, ",")
	case service.TypeAddress:
		v.Kind, v.Parts, v.UPRN = "address", addressParts(q.ID, vals, errs), vals.get(q.ID+"-uprn")
	case service.TypeLocation:
		v.Kind, v.Parts = "location", locationParts(q, vals, errs)
	}
	if def.Applicant.Name == q.ID {
		v.Field.Autocomplete, v.Field.NoSpellcheck = "name", true
	}
	return v
}

func options(q *service.Question, blank bool) []web.Option {
	var out []web.Option
	if blank {
		out = append(out, web.Option{Value: "", Label: "Choose an option"})
	}
	for _, o := range q.Options {
		out = append(out, web.Option{Value: o.Value, Label: o.Label, Hint: o.Hint})
	}
	return out
}

// errorFor returns the first message for the question's fields ("id" or "id-…").
func errorFor(id string, errs service.FieldErrors) string {
	for _, e := range errs {
		if e.Field == id || strings.HasPrefix(e.Field, id+"-") {
			return e.Message
		}
	}
	return ""
}

// dateParts fills the three boxes; an error that names one box ("must
// include a month") highlights only that box.
func dateParts(id string, vals form, errs service.FieldErrors) web.DateParts {
	d := web.DateParts{Day: vals.get(id + "-day"), Month: vals.get(id + "-month"), Year: vals.get(id + "-year")}
	for _, e := range errs {
		if !strings.HasPrefix(e.Field, id+"-") || !strings.Contains(e.Message, "must include") && !strings.HasPrefix(e.Message, "Year") {
			continue
		}
		switch strings.TrimPrefix(e.Field, id+"-") {
		case "day":
			d.ErrorDay = true
		case "month":
			d.ErrorMonth = true
		case "year":
			d.ErrorYear = true
		}
	}
	return d
}

func addressParts(id string, vals form, errs service.FieldErrors) []web.Field {
	part := func(suffix, label, autocomplete, width string) web.Field {
		name := id + "-" + suffix
		return web.Field{ID: name, Label: label, Value: vals.get(name), Autocomplete: autocomplete, Width: width, Error: errs.Get(name)}
	}
	return []web.Field{
		part("line1", "Address line 1", "address-line1", ""),
		part("line2", "Address line 2 (optional)", "address-line2", ""),
		part("town", "Town or city", "address-level2", "20"),
		part("postcode", "Postcode", "postal-code", "10"),
	}
}

func locationParts(q *service.Question, vals form, errs service.FieldErrors) []web.Field {
	id := q.ID
	desc := web.Field{ID: id + "-description", Label: "Describe the place", Value: vals.get(id + "-description"),
		Hint: q.Hint, Error: errs.Get(id + "-description"), Rows: 3}
	lat := web.Field{ID: id + "-lat", Label: "Latitude (optional)", Value: vals.get(id + "-lat"), InputMode: "decimal", Width: "10", NoSpellcheck: true, Hint: "For example, 51.50101"}
	lng := web.Field{ID: id + "-lng", Label: "Longitude (optional)", Value: vals.get(id + "-lng"), InputMode: "decimal", Width: "10", NoSpellcheck: true, Hint: "For example, -0.14156"}
	return []web.Field{desc, lat, lng}
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
