package service

import (
	"testing"
)

// TestRefusedCharacters (a penetration test finding): a NUL, another control character, bytes
// that are not UTF-8 or a bidirectional override in any field of any answer
// is a field error with a GOV.UK message, through DecodePage (the pages)
// and ValidateAll (the API and Open311); "2.5" is refused where a whole
// number is asked for.
func TestRefusedCharacters(t *testing.T) {
	d := mustParse(t, "testdata/valid/every-type.yaml")
	about := Form{
		"full_name": {"Ada Lovelace"}, "dob-day": {"10"}, "dob-month": {"12"}, "dob-year": {"1815"},
		"email": {"ada@example.com"}, "home-line1": {"1 High Street"}, "home-town": {"Leeds"}, "home-postcode": {"LS1 1UR"},
	}
	for _, tc := range []struct {
		field, value, want string
	}{
		{"full_name", "Ada\x00Lovelace", "Full name must not include hidden control characters"},
		{"full_name", "Ada\x07", "Full name must not include hidden control characters"},
		{"full_name", "Ada \xff\xfe", "Full name must not include hidden control characters"},
		{"full_name", "Ada\u0085Lovelace", "Full name must not include hidden control characters"},
		{"full_name", "Ada \u202Eecalevol", "Full name must not include characters that change the direction of text"},
		{"full_name", "Ada \u2067x\u2069", "Full name must not include characters that change the direction of text"},
		{"email", "ada\x00@example.com", "Email address must not include hidden control characters"},
		{"home-line1", "1 High\x00 Street", "Address must not include hidden control characters"},
		{"dob-day", "1\x00", "Date of birth must not include hidden control characters"},
	} {
		f := Form{}
		for k, v := range about {
			f[k] = v
		}
		f[tc.field] = []string{tc.value}
		_, errs := d.DecodePageAt(page(t, d, "about"), f, nil, today)
		if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Message != tc.want {
			t.Errorf("%s=%q: %v, want %s: %q", tc.field, tc.value, errs, tc.field, tc.want)
		}
	}
	// Tabs, line breaks and the right-to-left mark are ordinary text.
	f := Form{}
	for k, v := range about {
		f[k] = v
	}
	f["full_name"] = []string{"\u200Fسارة"}
	if _, errs := d.DecodePageAt(page(t, d, "about"), f, nil, today); len(errs) != 0 {
		t.Errorf("a name with a right-to-left mark: %v", errs)
	}

	// The API's path: stored answers re-validated.
	answers := Answers{"full_name": {Text: "Ada\x00"}}
	errs := d.ValidateAllAt(answers, today)
	if !hasError(errs, "full_name", "Full name must not include hidden control characters") {
		t.Errorf("ValidateAll with a NUL: %v", errs)
	}
	if _, errs := d.DecodePageAt(page(t, d, "where"), Form{"place-description": {"by the \x00 bus stop"}}, nil, today); !hasError(errs, "place-description", "") {
		t.Errorf("a NUL in a location's description: %v", errs)
	}

	// Whole numbers.
	p := page(t, d, "details")
	for i := range p.Questions {
		if p.Questions[i].ID == "count" {
			p.Questions[i].Validate.WholeNumber = true
		}
	}
	for value, want := range map[string]string{"2.5": "How many bags are there must be a whole number", "2": "", "2.0": "", "1e1": ""} {
		_, errs := d.DecodePageAt(p, Form{"count": {value}}, nil, today)
		got := ""
		for _, e := range errs {
			if e.Field == "count" {
				got = e.Message
			}
		}
		if got != want {
			t.Errorf("count=%q: %q, want %q", value, got, want)
		}
	}
}

func hasError(errs FieldErrors, field, msg string) bool {
	for _, e := range errs {
		if e.Field == field && (msg == "" || e.Message == msg) {
			return true
		}
	}
	return false
}
