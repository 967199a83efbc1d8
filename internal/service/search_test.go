package service

import (
	"reflect"
	"slices"
	"testing"
)

func searchCatalog() *Catalog {
	def := func(id, name, summary string, keywords ...string) *Definition {
		return &Definition{ID: id, Name: name, Summary: summary, Keywords: keywords, Category: "Test", Audience: []Audience{AudiencePublic}}
	}
	return NewCatalog([]*Definition{
		def("in-summary", "Pay a fine", "Pay a penalty charge notice for parking."),
		def("in-name", "Apply for a parking permit", "Get a permit for your street."),
		def("in-keywords", "Resident scheme", "Join the scheme.", "parking"),
		def("recycling", "Order a recycling box", "Get a new box.", "collection"),
	})
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Service.ID)
	}
	return out
}

func TestSearchRanksNameThenKeywordsThenSummary(t *testing.T) {
	got := ids(searchCatalog().Search("parking", AudiencePublic))
	if want := []string{"in-name", "in-keywords", "in-summary"}; !slices.Equal(got, want) {
		t.Fatalf("Search(parking) = %v, want %v", got, want)
	}
}

func TestSearchTypoTolerance(t *testing.T) {
	c := searchCatalog()
	tests := []struct {
		query string
		found bool
	}{
		{"parking", true},
		{"parkings", true},    // plural
		{"parkng", true},      // one letter missing, 7 letters
		{"prakingg", true},    // two edits (swap + extra letter), 8 letters
		{"parknig", true},     // a swap counts as one edit
		{"pxrkxng", false},    // two edits in a word under 8 letters
		{"colectoin", true},   // two edits, 9 letters
		{"box", true},         // exact short word
		{"bix", false},        // no typos allowed under 4 letters
		{"par", true},         // prefix, as people type
		{"the of and", false}, // only common words
	}
	for _, tt := range tests {
		got := c.Search(tt.query, AudiencePublic)
		if (len(got) > 0) != tt.found {
			t.Errorf("Search(%q) = %v, want found=%v", tt.query, ids(got), tt.found)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{"bins": "bin", "potholes": "pothole", "enquiries": "enquiry", "address": "address", "bus": "bus", "analysis": "analysis", "is": "is"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestApplicantOfAddressKinds(t *testing.T) {
	tests := []struct {
		typ  QuestionType
		ans  Answer
		want *Address
	}{
		{TypeAddress, Answer{Address: &Address{Line1: "1 High St", Town: "Leeds", Postcode: "LS1 1UR"}}, &Address{Line1: "1 High St", Town: "Leeds", Postcode: "LS1 1UR"}},
		{TypePostcode, Answer{Text: "LS1 1UR"}, &Address{Postcode: "LS1 1UR"}},
		{TypeLocation, Answer{Location: &Location{UPRN: "72747428", Description: "The library"}}, &Address{Line1: "The library", UPRN: "72747428"}},
		{TypeLocation, Answer{Location: &Location{Description: "Somewhere"}}, nil},
	}
	for _, tt := range tests {
		d := &Definition{Applicant: ApplicantFields{Name: "n", Address: "where"},
			Pages: []Page{{ID: "p", Questions: []Question{{ID: "n", Type: TypeText}, {ID: "where", Type: tt.typ}}}}}
		ap := d.ApplicantOf(Answers{"n": {Text: "Ada"}, "where": tt.ans, "": {Text: "stray"}})
		name, email, addr := ap.Name, ap.Email, ap.Address
		if name != "Ada" || email != "" || ap.Phone != "" {
			t.Errorf("name, email, phone = %q, %q, %q", name, email, ap.Phone)
		}
		if (addr == nil) != (tt.want == nil) || (addr != nil && *addr != *tt.want) {
			t.Errorf("%s: address = %+v, want %+v", tt.typ, addr, tt.want)
		}
	}
}

// TestApplicantOfEveryField: the one applicant mapping production uses
// keeps the phone, the date of birth and a trimmed email.
func TestApplicantOfEveryField(t *testing.T) {
	d := &Definition{Applicant: ApplicantFields{Name: "n", Email: "e", Phone: "p", DateOfBirth: "dob", Address: "pc"}}
	got := d.ApplicantOf(Answers{"n": {Text: "Ada Lovelace"}, "e": {Text: " ada@example.com "}, "p": {Text: "07700900982"},
		"dob": {Text: "1815-12-10"}, "pc": {Text: "LS1 1UR"}})
	want := Applicant{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "07700900982", DateOfBirth: "1815-12-10", Address: &Address{Postcode: "LS1 1UR"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ApplicantOf = %+v, want %+v", got, want)
	}
}
