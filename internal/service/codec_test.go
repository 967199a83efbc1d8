package service

import (
	"reflect"
	"testing"
)

// roundTripQuestions asks one question of every type the codec knows.
var roundTripQuestions = []Question{
	{ID: "t", Type: TypeText, Label: "Name"},
	{ID: "ta", Type: TypeTextarea, Label: "Details"},
	{ID: "n", Type: TypeNumber, Label: "Count"},
	{ID: "d", Type: TypeDate, Label: "Date"},
	{ID: "e", Type: TypeEmail, Label: "Email"},
	{ID: "ph", Type: TypePhone, Label: "Phone"},
	{ID: "pc", Type: TypePostcode, Label: "Postcode"},
	{ID: "ad", Type: TypeAddress, Label: "Address"},
	{ID: "r", Type: TypeRadios, Label: "Kind", Options: []Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
	{ID: "cb", Type: TypeCheckboxes, Label: "Sizes", Options: []Option{{Value: "s", Label: "S"}, {Value: "m", Label: "M"}, {Value: "l", Label: "L"}}},
	{ID: "se", Type: TypeSelect, Label: "Area", Options: []Option{{Value: "north", Label: "North"}}},
	{ID: "yn", Type: TypeYesNo, Label: "Urgent"},
	{ID: "l", Type: TypeLocation, Label: "Place"},
	{ID: "tm", Type: TypeTeam, Label: "Team"},
	{ID: "rp", Type: TypeRepeat, Label: "Vehicles", Item: "vehicle", MaxItems: 3, Questions: []Question{
		{ID: "reg", Type: TypeText, Label: "Registration", Validate: Validation{Required: true}},
		{ID: "since", Type: TypeDate, Label: "Date you got it"},
		{ID: "kept", Type: TypeAddress, Label: "Where it is kept"},
	}},
}

// TestRoundTripEveryType: answers → form → answers is the identity for
// every question type, so a page refilled from a draft posts back exactly
// what was saved, and an API answer meets exactly the page's rules.
func TestRoundTripEveryType(t *testing.T) {
	lat, lng := 53.7996, -1.5491
	answers := Answers{
		"t": {Text: "Ada Lovelace"}, "ta": {Text: "Line one\nline two"}, "n": {Text: "-2.5"},
		"d": {Text: "2024-03-05"}, "e": {Text: "ada@example.com"}, "ph": {Text: "07700 900982"},
		"pc": {Text: "LS1 1UR"}, "ad": {Address: &Address{Line1: "1 High St", Line2: "Flat 2", Town: "Leeds", Postcode: "LS1 1UR", UPRN: "72747428"}},
		"r": {Text: "b"}, "cb": {Choices: []string{"s", "l"}}, "se": {Text: "north"}, "yn": {Text: "no"},
		"l":  {Location: &Location{Lat: &lat, Lng: &lng, UPRN: "12", Description: "By the library"}},
		"tm": {Text: "highways"},
		"rp": {Items: []Answers{
			{"reg": {Text: "AB12 CDE"}, "since": {Text: "2023-11-01"}},
			{"reg": {Text: "XY70 ZZZ"}, "kept": {Address: &Address{Line1: "2 Low Rd", Town: "Leeds", Postcode: "LS2 2AA"}}},
		}},
	}
	assertCovers(t, roundTripQuestions, answers)
	for id := range answers {
		if want := (Answers{id: answers[id]}); !roundTrips(t, want) {
			t.Errorf("%s did not round-trip", id)
		}
	}
	if !roundTrips(t, answers) {
		t.Error("all answers together did not round-trip")
	}
}

// assertCovers fails when a question type has a codec but no round-trip case.
func assertCovers(t *testing.T, qs []Question, answers Answers) {
	t.Helper()
	seen := map[QuestionType]bool{}
	for _, q := range qs {
		if _, ok := answers[q.ID]; ok {
			seen[q.Type] = true
		}
	}
	for typ := range codecs {
		if !seen[typ] {
			t.Errorf("question type %s has no round-trip case", typ)
		}
	}
}

func roundTrips(t *testing.T, want Answers) bool {
	t.Helper()
	got, errs := DecodeFields(roundTripQuestions, EncodeForm(roundTripQuestions, want), today)
	if len(errs) > 0 {
		t.Logf("errors: %v", errs)
		return false
	}
	if !reflect.DeepEqual(got, want) {
		t.Logf("got  %#v\nwant %#v", got, want)
		return false
	}
	return true
}

// TestCheckFieldsMalformedDate: a typed date that is not YYYY-MM-DD gets
// the page's message, not a made-up form value's.
func TestCheckFieldsMalformedDate(t *testing.T) {
	qs := []Question{{ID: "d", Type: TypeDate, Label: "date received"}}
	for _, text := range []string{"05/03/2024", "2024-02-30", "2024-3", "tomorrow"} {
		errs := CheckFields(qs, Answers{"d": {Text: text}}, today)
		want := FieldErrors{{"d-day", "Date received must be a real date"}}
		if !reflect.DeepEqual(errs, want) {
			t.Errorf("%q: errors = %v, want %v", text, errs, want)
		}
	}
}

// TestCheckFieldsUnanswered: optional questions of every type may be left
// unanswered through the API as through the pages.
func TestCheckFieldsUnanswered(t *testing.T) {
	if errs := CheckFields(roundTripQuestions, Answers{}, today); len(errs) > 0 {
		t.Errorf("errors for no answers: %v", errs)
	}
}

// FuzzRoundTrip: whatever a form holds, answers the codec accepts encode to
// a form that decodes to the same answers.
func FuzzRoundTrip(f *testing.F) {
	f.Add("Ada", "5", "3", "2024", "07700 900982", "ls11ur", "1,000", "b", "s", "53.8", "-1.5")
	f.Add(" x ", "31", "feb", "2023", "+44 20 7946 0000", "GIR0AA", "2.50", "a", "l", "", "")
	f.Fuzz(func(t *testing.T, text, day, month, year, phone, postcode, number, choice, box, lat, lng string) {
		form := Form{"t": {text}, "ta": {text}, "n": {number}, "d-day": {day}, "d-month": {month}, "d-year": {year},
			"e": {text}, "ph": {phone}, "pc": {postcode}, "ad-line1": {text}, "ad-town": {text}, "ad-postcode": {postcode},
			"r": {choice}, "cb": {box, choice}, "se": {choice}, "yn": {choice}, "l-description": {text}, "l-lat": {lat},
			"l-lng": {lng}, "tm": {choice}}
		for i := range roundTripQuestions {
			qs := roundTripQuestions[i : i+1]
			got, errs := DecodeFields(qs, form, today)
			if len(errs) > 0 {
				continue
			}
			again, errs := DecodeFields(qs, EncodeForm(qs, got), today)
			if len(errs) > 0 || !reflect.DeepEqual(again, got) {
				t.Fatalf("%s: %#v → %#v (%v)", qs[0].ID, got, again, errs)
			}
		}
	})
}
