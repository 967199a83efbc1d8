package service

import (
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

var today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func mustParse(t testing.TB, file string) *Definition {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(file, src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return d
}

func page(t *testing.T, d *Definition, id string) *Page {
	p, _, ok := d.PageByID(id)
	if !ok {
		t.Fatalf("no page %s", id)
	}
	return p
}

func TestDecodePageAbout(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	good := Form{
		"full_name": {"  Ada   Lovelace "}, "dob-day": {"10"}, "dob-month": {"12"}, "dob-year": {"1815"},
		"email": {"Ada@Example.COM"}, "phone": {"+44 7700 900123"},
		"home-line1": {"1 High Street"}, "home-town": {"Leeds"}, "home-postcode": {"ls11ur"},
		"postcode": {"ls1 1ur"},
	}
	with := func(k string, v ...string) Form {
		f := Form{}
		for key, val := range good {
			f[key] = val
		}
		if v == nil {
			delete(f, k)
		} else {
			f[k] = v
		}
		return f
	}
	tests := []struct {
		name string
		form Form
		want FieldErrors
	}{
		{"valid", good, nil},
		{"name missing", with("full_name"), FieldErrors{{"full_name", "Enter your full name"}}},
		{"name too long", with("full_name", "Augusta Ada King, Countess of Lovelace"), FieldErrors{{"full_name", "Full name must be 20 characters or less"}}},
		{"date missing", Form{"full_name": {"Ada"}, "email": {"a@b.uk"}, "home-line1": {"1"}, "home-town": {"L"}, "home-postcode": {"LS1 1UR"}}, FieldErrors{{"dob-day", "Enter your date of birth"}}},
		{"date without month", with("dob-month"), FieldErrors{{"dob-month", "Date of birth must include a month"}}},
		{"date without day and year", Form{"full_name": {"Ada"}, "dob-month": {"3"}, "email": {"a@b.uk"}, "home-line1": {"1"}, "home-town": {"L"}, "home-postcode": {"LS1 1UR"}}, FieldErrors{{"dob-day", "Date of birth must include a day and year"}}},
		{"date not real", with("dob-month", "13"), FieldErrors{{"dob-month", "Date of birth must be a real date"}}},
		{"date in future", with("dob-year", "2030"), FieldErrors{{"dob-day", "Date of birth must be today or in the past"}}},
		{"two-digit year", with("dob-year", "15"), FieldErrors{{"dob-year", "Year must include 4 numbers"}}},
		{"bad email", with("email", "ada@example"), FieldErrors{{"email", "Enter an email address in the correct format, like name@example.com"}}},
		{"missing email", with("email"), FieldErrors{{"email", "Enter your email address"}}},
		{"bad phone", with("phone", "12345"), FieldErrors{{"phone", "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"}}},
		{"address without town", with("home-town"), FieldErrors{{"home-town", "Enter town or city"}}},
		{"address with bad postcode", with("home-postcode", "LS1"), FieldErrors{{"home-postcode", "Enter a real postcode"}}},
		{"bad postcode", with("postcode", "nowhere"), FieldErrors{{"postcode", "Enter a real postcode"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := d.DecodePageAt(page(t, d, "about"), tt.form, nil, today)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Fatalf("errors = %#v\nwant %#v", errs, tt.want)
			}
		})
	}
	got, _ := d.DecodePageAt(page(t, d, "about"), good, nil, today)
	want := Answers{
		"full_name": {Text: "Ada Lovelace"}, "dob": {Text: "1815-12-10"}, "email": {Text: "Ada@example.com"},
		"phone": {Text: "07700 900123"}, "home": {Address: &Address{Line1: "1 High Street", Town: "Leeds", Postcode: "LS1 1UR"}},
		"postcode": {Text: "LS1 1UR"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("answers = %#v\nwant %#v", got, want)
	}
}

func TestDecodePageDetails(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	tests := []struct {
		name    string
		form    Form
		want    FieldErrors
		answers Answers
	}{
		{"all good, dangerous", Form{"count": {"1,0"}, "kind": {"pothole"}, "sizes": {"large", "small", "large"}, "council": {"north"}, "urgent": {"yes"}, "danger": {" deep \r\n hole "}, "ref": {"AB1234"}},
			nil, Answers{"count": {Text: "10"}, "kind": {Text: "pothole"}, "sizes": {Choices: []string{"small", "large"}}, "council": {Text: "north"}, "urgent": {Text: "yes"}, "danger": {Text: "deep \n hole"}, "ref": {Text: "AB1234"}}},
		{"hidden question dropped", Form{"count": {"3"}, "kind": {"sign"}, "urgent": {"no"}, "danger": {"ignored"}},
			nil, Answers{"count": {Text: "3"}, "kind": {Text: "sign"}, "urgent": {Text: "no"}}},
		{"nothing", Form{},
			FieldErrors{{"count", "Enter how many bags are there"}, {"kind", "Select the problem"}, {"urgent", "Select yes if it is dangerous"}}, Answers{}},
		{"out of range and not options", Form{"count": {"21"}, "kind": {"lamp"}, "sizes": {"huge"}, "urgent": {"yes"}, "ref": {"ab12"}},
			FieldErrors{{"count", "How many bags are there must be between 1 and 20"}, {"kind", "Select the problem"}, {"sizes", "Select which sizes apply"}, {"danger", "Enter why is it dangerous"}, {"ref", "Enter a reference like AB1234"}}, nil},
		{"not a number", Form{"count": {"lots"}, "kind": {"sign"}, "urgent": {"no"}},
			FieldErrors{{"count", "How many bags are there must be a number"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := d.DecodePageAt(page(t, d, "details"), tt.form, nil, today)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Fatalf("errors = %#v\nwant %#v", errs, tt.want)
			}
			if tt.answers != nil && !reflect.DeepEqual(got, tt.answers) {
				t.Fatalf("answers = %#v\nwant %#v", got, tt.answers)
			}
		})
	}
}

func TestDecodeLocation(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	p := page(t, d, "where")
	got, errs := d.DecodePageAt(p, Form{"place-lat": {"53.7996"}, "place-lng": {"-1.5491"}, "place-description": {"Outside  the library"}}, nil, today)
	if errs != nil || got["place"].Location == nil || *got["place"].Location.Lat != 53.7996 || got["place"].Location.Description != "Outside the library" {
		t.Fatalf("got %#v, %v", got, errs)
	}
	_, errs = d.DecodePageAt(p, Form{"place-lat": {"48.85"}, "place-lng": {"2.35"}}, nil, today)
	if len(errs) != 1 || errs[0].Field != "place-description" {
		t.Fatalf("a point in Paris: errors = %v", errs)
	}
	_, errs = d.DecodePageAt(p, Form{}, nil, today)
	if len(errs) != 1 || errs[0].Field != "place-description" {
		t.Fatalf("nothing: errors = %v", errs)
	}
}

func TestNavigationFollowsShowIf(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	pothole := Answers{"kind": {Text: "pothole"}}
	sign := Answers{"kind": {Text: "sign"}}
	steps := []struct {
		name     string
		got      func() (*Page, bool)
		want     string
		wantNone bool
	}{
		{"first", func() (*Page, bool) { return d.FirstPage(nil) }, "about", false},
		{"pothole goes to where", func() (*Page, bool) { return d.NextPage("details", pothole) }, "where", false},
		{"sign skips where", func() (*Page, bool) { return d.NextPage("details", sign) }, "photo", false},
		{"back from photo for a sign", func() (*Page, bool) { return d.PrevPage("photo", sign) }, "details", false},
		{"back from photo for a pothole", func() (*Page, bool) { return d.PrevPage("photo", pothole) }, "where", false},
		{"after last", func() (*Page, bool) { return d.NextPage("photo", sign) }, "", true},
		{"before first", func() (*Page, bool) { return d.PrevPage("about", sign) }, "", true},
		{"unknown", func() (*Page, bool) { return d.NextPage("nope", sign) }, "", true},
	}
	for _, s := range steps {
		p, ok := s.got()
		if ok == s.wantNone || (ok && p.ID != s.want) {
			t.Errorf("%s: got %v %v, want %q", s.name, p, ok, s.want)
		}
	}
	if !d.Visible(page(t, d, "where"), pothole) || d.Visible(page(t, d, "where"), sign) {
		t.Error("Visible(where) does not follow kind")
	}
}

func TestValidateAll(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	lat, lng := 53.8, -1.55
	answers := Answers{
		"full_name": {Text: " Ada  Lovelace"}, "dob": {Text: "1815-12-10"}, "email": {Text: "ada@EXAMPLE.com"},
		"home":  {Address: &Address{Line1: "1 High Street", Town: "Leeds", Postcode: "ls11ur"}},
		"count": {Text: "2"}, "kind": {Text: "sign"}, "urgent": {Text: "no"},
		"danger":  {Text: "hidden: urgent is no"},
		"place":   {Location: &Location{Lat: &lat, Lng: &lng}}, // hidden: kind is sign
		"unknown": {Text: "dropped"},
		"picture": {File: &FileRef{Key: "abc", Name: "p.png", ContentType: MIMEPNG, Size: 100}},
	}
	if errs := d.ValidateAllAt(answers, today); errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	for _, gone := range []string{"danger", "place", "unknown"} {
		if _, ok := answers[gone]; ok {
			t.Errorf("answer %q kept", gone)
		}
	}
	if answers["home"].Address.Postcode != "LS1 1UR" || answers["email"].Text != "ada@example.com" || answers["full_name"].Text != "Ada Lovelace" {
		t.Errorf("not normalised: %#v", answers)
	}
	ap := d.ApplicantOf(answers)
	if ap.Name != "Ada Lovelace" || ap.Email != "ada@example.com" || ap.Address == nil || ap.Address.Town != "Leeds" {
		t.Errorf("ApplicantOf = %+v", ap)
	}

	bad := Answers{"dob": {Text: "1815-02-30"}, "kind": {Text: "pothole"}, "urgent": {Text: "maybe"},
		"picture": {File: &FileRef{Key: "k", Name: "x.pdf", ContentType: MIMEPDF, Size: 10}}}
	errs := d.ValidateAllAt(bad, today)
	want := FieldErrors{
		{"full_name", "Enter your full name"}, {"dob-day", "Date of birth must be a real date"},
		{"email", "Enter your email address"}, {"home-line1", "Enter your address"},
		{"count", "Enter how many bags are there"}, {"urgent", "Select yes if it is dangerous"},
		{"place-description", "Enter a description of the location, or choose a point on the map"},
		{"picture", "The selected file must be a JPG or PNG"},
	}
	if !reflect.DeepEqual(errs, want) {
		t.Fatalf("errors = %#v\nwant %#v", errs, want)
	}
	err := errs.Err()
	var ve *ValidationError
	if !errors.Is(err, fault.Invalid) || !errors.As(err, &ve) || len(ve.Errors) != len(want) {
		t.Fatalf("Err() = %v: not a *ValidationError wrapping fault.Invalid", err)
	}
}
