package web

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Question is one question ready for the "question" template, the one set
// of question widgets the front door, assisted digital and officers'
// transition forms share. Kind names the widget: input, textarea, date,
// radios, checkboxes, select, file, address or location.
type Question struct {
	Kind  string
	Field Field
	// Parts are a composite question's boxes (address, location).
	Parts []Field
	// File is the upload kept from earlier, if any.
	File *service.FileRef
	// UPRN is the address's property reference, carried in a hidden field.
	UPRN string
	// Lookup is the postcode box of an address question (when a gazetteer is
	// wired) and Found the addresses at that postcode to pick from.
	Lookup *Field
	Found  *Field
	// Place is a location question's ways to the place (when a gazetteer
	// is wired): search, the places found, and the map.
	Place *PlaceFinder
}

// PlaceFinder is how a resident reaches a location question's place: a
// search by postcode or street that works without JavaScript, the places
// it found to pick from, and a map that scripts turn on when tiles are
// configured.
type PlaceFinder struct {
	Search Field
	Found  *Field
	Map    *MapView
}

// MapView is what the map script needs: the tile URL template ({z}, {x},
// {y}), the attribution the tile source requires, and where to start.
type MapView struct {
	Tiles, Attribution string
	Lat, Lng           float64
	Zoom               int
}

// QuestionInput is what Questions draws: the questions, the form values as
// posted or refilled by service.EncodeForm, and the errors to show.
type QuestionInput struct {
	Questions []service.Question
	Values    service.Form
	Errors    service.FieldErrors
	// Answers are the saved answers, for uploads kept from earlier.
	Answers service.Answers
	// Applicant is the service's applicant mapping, for autocomplete hints.
	Applicant service.ApplicantFields
	// Teams are the choices of a team question.
	Teams []Option
	// Lang is the language of the words the platform adds (Yes, No,
	// Address line 1): the language the questions are in.
	Lang lang.Tag
}

// widgets builds each question type's widget. Adding a question type means
// adding its entry here (and, if it needs a new Kind, its branch in
// templates/partials/questions.html).
var widgets = map[service.QuestionType]func(in *QuestionInput, q *service.Question, v *Question){
	service.TypeText:     func(*QuestionInput, *service.Question, *Question) {},
	service.TypeTextarea: func(_ *QuestionInput, _ *service.Question, v *Question) { v.Kind, v.Field.Rows = "textarea", 5 },
	service.TypeNumber: func(_ *QuestionInput, _ *service.Question, v *Question) {
		v.Field.InputMode, v.Field.Width, v.Field.NoSpellcheck = "decimal", "10", true
	},
	service.TypeEmail: func(_ *QuestionInput, _ *service.Question, v *Question) {
		v.Field.Type, v.Field.Autocomplete, v.Field.NoSpellcheck = "email", "email", true
	},
	service.TypePhone: func(_ *QuestionInput, _ *service.Question, v *Question) {
		v.Field.Type, v.Field.Autocomplete, v.Field.Width = "tel", "tel", "20"
	},
	service.TypePostcode: func(_ *QuestionInput, _ *service.Question, v *Question) {
		v.Field.Autocomplete, v.Field.Width, v.Field.NoSpellcheck = "postal-code", "10", true
	},
	service.TypeDate: dateWidget,
	service.TypeRadios: func(in *QuestionInput, q *service.Question, v *Question) {
		v.Kind, v.Field.Options = "radios", optionsOf(in, q, false)
	},
	service.TypeSelect: func(in *QuestionInput, q *service.Question, v *Question) {
		v.Kind, v.Field.Options = "select", optionsOf(in, q, true)
	},
	service.TypeYesNo:      yesNoWidget,
	service.TypeCheckboxes: checkboxesWidget,
	service.TypeFile:       fileWidget,
	service.TypeAddress:    addressWidget,
	service.TypeLocation: func(in *QuestionInput, q *service.Question, v *Question) {
		v.Kind, v.Parts = "location", locationParts(in, q)
	},
	service.TypeTeam: func(in *QuestionInput, _ *service.Question, v *Question) {
		v.Kind, v.Field.Options = "select", append([]Option{{Value: "", Label: Messages.Sprintf(in.Lang, "Choose a team")}}, in.Teams...)
	},
}

// Questions builds the widgets of in.Questions, in order. A question that
// shows only for an answer to another question in the list is drawn inside
// that question's conditional reveal rather than on its own.
func Questions(in QuestionInput) []Question {
	all := make(map[string]*Question, len(in.Questions))
	var out []*Question
	for i := range in.Questions {
		q := &in.Questions[i]
		if q.Calculate != "" {
			continue // computed by the codec, never typed; "Check your answers" shows it
		}
		v := questionWidget(&in, q)
		if parent := revealParent(in.Questions, q); parent != "" && all[parent] != nil {
			reveal(all[parent], q, v)
			continue
		}
		all[q.ID] = &v
		out = append(out, &v)
	}
	res := make([]Question, len(out))
	for i, v := range out {
		res[i] = *v
	}
	return res
}

// questionWidget is one question's widget with its value and error.
func questionWidget(in *QuestionInput, q *service.Question) Question {
	f := Field{ID: q.ID, Label: UpperFirst(q.Label), Hint: q.Hint, Error: errorFor(q.ID, in.Errors), Value: first(in.Values, q.ID)}
	v := Question{Kind: "input", Field: f}
	if build, ok := widgets[q.Type]; ok {
		build(in, q, &v)
	}
	switch q.ID {
	case "":
	case in.Applicant.Name:
		v.Field.Autocomplete, v.Field.NoSpellcheck = "name", true
	case in.Applicant.DateOfBirth:
		v.Field.Autocomplete = "bday"
	}
	return v
}

// revealParent is the id of the radios, yes/no or checkboxes question
// earlier in qs whose options q's show_if names, or "".
func revealParent(qs []service.Question, q *service.Question) string {
	c := q.ShowIf
	if c == nil || len(c.Options()) == 0 {
		return ""
	}
	for _, p := range qs {
		if p.ID == q.ID {
			return ""
		}
		if p.ID == c.Question && (p.Type == service.TypeRadios || p.Type == service.TypeYesNo || p.Type == service.TypeCheckboxes) {
			return p.ID
		}
	}
	return ""
}

// reveal puts child inside the GOV.UK conditional reveal of each of
// parent's options that child's condition names: always in the page, so the
// page works without JavaScript, and decoded only when the condition holds.
func reveal(parent *Question, q *service.Question, child Question) {
	for i := range parent.Field.Options {
		o := &parent.Field.Options[i]
		if slices.Contains(q.ShowIf.Options(), o.Value) {
			o.Reveal = append(o.Reveal, child)
		}
	}
}

func dateWidget(in *QuestionInput, q *service.Question, v *Question) {
	v.Kind = "date"
	v.Field.Date = dateParts(q.ID, in.Values, in.Errors)
}

func yesNoWidget(in *QuestionInput, q *service.Question, v *Question) {
	v.Kind, v.Field.Inline = "radios", true
	v.Field.Options = []Option{{Value: "yes", Label: Messages.Sprintf(in.Lang, "Yes")}, {Value: "no", Label: Messages.Sprintf(in.Lang, "No")}}
	if len(q.Options) > 0 {
		v.Field.Options = optionsOf(in, q, false)
	}
}

func checkboxesWidget(in *QuestionInput, q *service.Question, v *Question) {
	v.Kind, v.Field.Values, v.Field.Options = "checkboxes", in.Values[q.ID], optionsOf(in, q, false)
}

func fileWidget(in *QuestionInput, q *service.Question, v *Question) {
	v.Kind, v.Field.Accept = "file", strings.Join(q.Accept, ",")
	if a, ok := in.Answers[q.ID]; ok && a.File != nil {
		v.File = a.File
	}
}

func addressWidget(in *QuestionInput, q *service.Question, v *Question) {
	v.Kind, v.Parts, v.UPRN = "address", addressParts(q.ID, in), first(in.Values, q.ID+"-uprn")
}

func optionsOf(in *QuestionInput, q *service.Question, blank bool) []Option {
	var out []Option
	if blank {
		out = append(out, Option{Value: "", Label: Messages.Sprintf(in.Lang, "Choose an option")})
	}
	for _, o := range q.Options {
		out = append(out, Option{Value: o.Value, Label: o.Label, Hint: o.Hint})
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

func first(f service.Form, k string) string {
	if v := f[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// dateParts fills the three boxes; an error that names one box ("must
// include a month") highlights only that box.
func dateParts(id string, vals service.Form, errs service.FieldErrors) DateParts {
	d := DateParts{Day: first(vals, id+"-day"), Month: first(vals, id+"-month"), Year: first(vals, id+"-year")}
	for _, e := range errs {
		if !strings.HasPrefix(e.Field, id+"-") || !namesOneBox(e.Message) {
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

// namesOneBox reports whether a date's error is about one of its boxes (a
// missing month, a two-digit year), in English or in Welsh.
func namesOneBox(msg string) bool {
	return strings.Contains(msg, "must include") || strings.HasPrefix(msg, "Year") ||
		strings.Contains(msg, "gynnwys") // "Rhaid i’r dyddiad gynnwys mis", "Rhaid i’r flwyddyn gynnwys 4 rhif"
}

func addressParts(id string, in *QuestionInput) []Field {
	part := func(suffix, label, autocomplete, width string) Field {
		name := id + "-" + suffix
		return Field{ID: name, Label: Messages.Sprintf(in.Lang, label), Value: first(in.Values, name), Autocomplete: autocomplete, Width: width, Error: in.Errors.Get(name)}
	}
	return []Field{
		part("line1", "Address line 1", "address-line1", ""),
		part("line2", "Address line 2 (optional)", "address-line2", ""),
		part("town", "Town or city", "address-level2", "20"),
		part("postcode", "Postcode", "postal-code", "10"),
	}
}

func locationParts(in *QuestionInput, q *service.Question) []Field {
	id := q.ID
	desc := Field{ID: id + "-description", Label: Messages.Sprintf(in.Lang, "Describe the place"), Value: first(in.Values, id+"-description"),
		Hint: q.Hint, Error: in.Errors.Get(id + "-description"), Rows: 3}
	lat := Field{ID: id + "-lat", Label: Messages.Sprintf(in.Lang, "Latitude (optional)"), Value: first(in.Values, id+"-lat"), InputMode: "decimal", Width: "10", NoSpellcheck: true, Hint: Messages.Sprintf(in.Lang, "For example, %s", "51.50101")}
	lng := Field{ID: id + "-lng", Label: Messages.Sprintf(in.Lang, "Longitude (optional)"), Value: first(in.Values, id+"-lng"), InputMode: "decimal", Width: "10", NoSpellcheck: true, Hint: Messages.Sprintf(in.Lang, "For example, %s", "-0.14156")}
	return []Field{desc, lat, lng}
}

// UpperFirst capitalises a question label written mid-sentence ("what is
// your name?") for use as a label or a summary key.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
