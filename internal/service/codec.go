package service

import (
	"strconv"
	"strings"
	"time"
)

// The form codec: every channel's answers pass through it. A page or a
// transition's form is decoded from posted values into typed answers
// (normalised and validated as they are read); typed answers (the JSON API,
// a saved draft) are encoded back into form values, to refill a page or to
// be decoded by the same rules. Validation happens only in decode, so a
// rule written once holds for residents, officers and API clients alike.

// codec is how one question type travels through a form. Adding a question
// type means adding its entry to codecs (and its widget in internal/web).
type codec struct {
	// decode reads, normalises and validates the type's form fields.
	decode func(q *Question, form Form, now time.Time) (Answer, FieldErrors)
	// encode writes an answer into form fields, the inverse of decode; it
	// refuses an answer whose shape decode could never have produced (a date
	// not written YYYY-MM-DD) with the error a person would see.
	encode func(q *Question, a Answer, f Form) FieldErrors
}

// codecs holds every question type but file, whose bytes arrive as an upload
// the web layer stores before decoding (see DecodePage).
var codecs = map[QuestionType]codec{
	TypeText:       {decodeText, encodeText},
	TypeTextarea:   {decodeText, encodeText},
	TypeNumber:     {decodeText, encodeText},
	TypeEmail:      {decodeText, encodeText},
	TypePhone:      {decodeText, encodeText},
	TypePostcode:   {decodeText, encodeText},
	TypeRadios:     {decodeText, encodeText},
	TypeSelect:     {decodeText, encodeText},
	TypeYesNo:      {decodeText, encodeText},
	TypeTeam:       {decodeText, encodeText},
	TypeDate:       {decodeDate, encodeDate},
	TypeAddress:    {decodeAddress, encodeAddress},
	TypeLocation:   {decodeLocation, encodeLocation},
	TypeCheckboxes: {decodeCheckboxes, encodeCheckboxes},
}

// codecOf is q's codec; an unknown type (refused by Check) reads as text.
func codecOf(q *Question) codec {
	if k, ok := codecs[q.Type]; ok {
		return k
	}
	return codec{decodeText, encodeText}
}

// decodeQuestion reads, normalises and validates one question's fields.
func decodeQuestion(q *Question, form Form, now time.Time) (Answer, FieldErrors) {
	if fe := checkCharacters(q, form); fe != nil {
		return Answer{}, fe
	}
	return codecOf(q).decode(q, form, now)
}

// checkAnswer validates a typed answer by the rules of the page that asks
// it: encoded as the page would post it, then decoded.
func checkAnswer(q *Question, a Answer, now time.Time) (Answer, FieldErrors) {
	f := Form{}
	if fe := codecOf(q).encode(q, a, f); fe != nil {
		return Answer{}, fe
	}
	return decodeQuestion(q, f, now)
}

// EncodeForm writes answers as the form values of questions qs: a page
// shown again with what was saved, or a transition's form. Answers decode
// from it to themselves (the round-trip tests hold this for every type).
// An answer that cannot be written (a malformed date) is left out.
func EncodeForm(qs []Question, answers Answers) Form {
	f := Form{}
	for i := range qs {
		q := &qs[i]
		if a, ok := answers[q.ID]; ok && !a.IsEmpty() && q.Type != TypeFile {
			codecOf(q).encode(q, a, f)
		}
	}
	return f
}

// DecodeFields reads a transition's fields from its posted form, as
// DecodePage reads a page (a transition's form is one page).
func DecodeFields(qs []Question, form Form, now time.Time) (Answers, FieldErrors) {
	d := fieldsDefinition(qs)
	return d.DecodePageAt(&d.Pages[0], form, nil, now)
}

// CheckFields validates typed answers to a transition's fields (the JSON
// API) by the same rules, normalising them in place as ValidateAll does.
func CheckFields(qs []Question, answers Answers, now time.Time) FieldErrors {
	return fieldsDefinition(qs).ValidateAllAt(answers, now)
}

func fieldsDefinition(qs []Question) *Definition {
	return &Definition{Pages: []Page{{ID: "fields", Questions: qs}}}
}

func setField(f Form, name, v string) {
	if v != "" {
		f[name] = []string{v}
	}
}

func encodeText(q *Question, a Answer, f Form) FieldErrors {
	setField(f, q.ID, a.Text)
	return nil
}

// encodeDate splits YYYY-MM-DD into the three boxes, as a person types them
// (no leading zeros).
func encodeDate(q *Question, a Answer, f Form) FieldErrors {
	if a.Text == "" {
		return nil // unanswered: decode says whether that is allowed
	}
	parts := strings.Split(a.Text, "-")
	if len(parts) != 3 {
		return FieldErrors{{q.ID + "-day", say(q, "%s must be a real date", thing(q.Label))}}
	}
	box := func(s string) string {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && len(s) <= 4 {
			return strconv.Itoa(n)
		}
		return s
	}
	setField(f, q.ID+"-day", box(parts[2]))
	setField(f, q.ID+"-month", box(parts[1]))
	setField(f, q.ID+"-year", parts[0])
	return nil
}

func encodeAddress(q *Question, a Answer, f Form) FieldErrors {
	if ad := a.Address; ad != nil {
		setField(f, q.ID+"-line1", ad.Line1)
		setField(f, q.ID+"-line2", ad.Line2)
		setField(f, q.ID+"-town", ad.Town)
		setField(f, q.ID+"-postcode", ad.Postcode)
		setField(f, q.ID+"-uprn", ad.UPRN)
	}
	return nil
}

func encodeLocation(q *Question, a Answer, f Form) FieldErrors {
	if l := a.Location; l != nil {
		setField(f, q.ID+"-description", l.Description)
		setField(f, q.ID+"-uprn", l.UPRN)
		setField(f, q.ID+"-usrn", l.USRN)
		setField(f, q.ID+"-place", l.Place)
		if l.Lat != nil {
			setField(f, q.ID+"-lat", strconv.FormatFloat(*l.Lat, 'f', -1, 64))
		}
		if l.Lng != nil {
			setField(f, q.ID+"-lng", strconv.FormatFloat(*l.Lng, 'f', -1, 64))
		}
	}
	return nil
}

func encodeCheckboxes(q *Question, a Answer, f Form) FieldErrors {
	switch {
	case len(a.Choices) > 0:
		f[q.ID] = append([]string(nil), a.Choices...)
	case a.Text != "": // one choice sent as text by an API client
		f[q.ID] = []string{a.Text}
	}
	return nil
}
