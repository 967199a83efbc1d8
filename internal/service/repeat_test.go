package service

import (
	"reflect"
	"strings"
	"testing"
)

var vehicles = Question{ID: "vehicles", Type: TypeRepeat, Label: "Your vehicles", Item: "vehicle", MinItems: 1, MaxItems: 3,
	Questions: []Question{
		{ID: "registration", Type: TypeText, Label: "Registration number", Validate: Validation{Required: true, MaxLength: 8}},
		{ID: "make", Type: TypeText, Label: "Make and model"},
	}}

// TestDecodeRepeatLimits: every item is checked by its questions' rules,
// its errors name the item, and the count must be within the limits.
func TestDecodeRepeatLimits(t *testing.T) {
	qs := []Question{vehicles}
	item := func(n int, reg string) Form {
		return Form{ItemField("vehicles", n, "registration"): {reg}}
	}
	join := func(fs ...Form) Form {
		out := Form{}
		for _, f := range fs {
			for k, v := range f {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name string
		form Form
		want FieldErrors
	}{
		{"none", Form{}, FieldErrors{{"vehicles", "Add at least one vehicle"}}},
		{"one", item(1, "ab12cde"), nil},
		{"four", join(item(1, "A1"), item(2, "B2"), item(3, "C3"), item(4, "D4")), FieldErrors{{"vehicles", "You can add up to 3 vehicles"}}},
		{"second blank", join(item(1, "A1"), Form{ItemField("vehicles", 2, "make"): {"Ford"}}),
			FieldErrors{{"vehicles-2-registration", "Vehicle 2: Enter registration number"}}},
		{"too long", item(1, "ABCDEFGHIJ"), FieldErrors{{"vehicles-1-registration", "Vehicle 1: Registration number must be 8 characters or less"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := DecodeFields(qs, tt.form, today)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Errorf("errors %v, want %v", errs, tt.want)
			}
		})
	}
}

// TestCheckFieldsRepeatTyped: a typed list of items (the JSON API) meets
// the same rules as the pages, and is normalised in place.
func TestCheckFieldsRepeatTyped(t *testing.T) {
	qs := []Question{vehicles}
	a := Answers{"vehicles": {Items: []Answers{{"registration": {Text: "  AB12   CDE "}, "make": {Text: "Ford"}}, {"registration": {Text: "XY70ZZZ"}}}}}
	if errs := CheckFields(qs, a, today); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := a["vehicles"].Items[0]["registration"].Text; got != "AB12 CDE" {
		t.Errorf("registration %q, want it normalised", got)
	}
	a = Answers{"vehicles": {Items: []Answers{{}, {}, {}, {}}}}
	if errs := CheckFields(qs, a, today); errs.Get("vehicles") != "You can add up to 3 vehicles" {
		t.Errorf("four items: %v", errs)
	}
}

func TestRepeatDisplay(t *testing.T) {
	a := Answer{Items: []Answers{{"registration": {Text: "AB12 CDE"}, "make": {Text: "Ford Focus"}}, {"registration": {Text: "XY70 ZZZ"}}}}
	want := []string{"Vehicle 1: AB12 CDE, Ford Focus", "Vehicle 2: XY70 ZZZ"}
	if got := vehicles.Display(a); !reflect.DeepEqual(got, want) {
		t.Errorf("Display %q, want %q", got, want)
	}
	for noun, want := range map[string]string{"vehicle": "2 vehicles", "person": "2 people", "property": "2 properties", "bus": "2 buses"} {
		q := Question{Item: noun}
		if got := q.ItemsLabel(2); got != want {
			t.Errorf("ItemsLabel(%s) %q, want %q", noun, got, want)
		}
	}
}

// TestCalculateCountsItems: a fee calculated from a repeat is its number
// of items times the price.
func TestCalculateCountsItems(t *testing.T) {
	e, err := ParseExpr("vehicles * 45")
	if err != nil {
		t.Fatal(err)
	}
	v, ok := e.Eval(Answers{"vehicles": {Items: []Answers{{}, {}, {}}}})
	if !ok || v != 135 {
		t.Errorf("Eval = %v, %v; want 135", v, ok)
	}
}

func TestCheckRepeatProblems(t *testing.T) {
	src := `id: permit
version: 1
name: Permit
summary: A permit
category: Parking
audience: [public]
team: parking
roles: [officer]
classification: OFFICIAL
pages:
  - id: vehicles
    title: Your vehicles
    questions:
      - id: vehicles
        type: repeat
        label: Your vehicles
        min_items: 4
        max_items: 3
        questions:
          - id: reg
            type: file
            label: Photo
      - id: other
        type: text
        label: Other
        item: thing
workflow:
  states: [{id: new, label: New, initial: true}, {id: done, label: Done, terminal: true}]
  transitions: [{id: close, label: Close, from: [new], to: done, roles: [officer]}]
retention: {period: P1Y, trigger: closed, action: delete}
`
	_, err := Parse("permit.yaml", []byte(src))
	if err == nil {
		t.Fatal("no problems")
	}
	for _, want := range []string{
		"permit.yaml:17:20: min_items (4) is more than max_items (3) in question 'vehicles'",
		"permit.yaml:15:15: repeat question 'vehicles' shares page 'vehicles' with other questions",
		"permit.yaml:21:19: a repeat's questions cannot be file ('reg' in 'vehicles')",
		"permit.yaml:26:9: only repeat questions take 'questions', 'item', 'min_items' and 'max_items' ('other' is text)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}
