package opendata

import (
	"strings"
	"testing"
)

// The texts are written as residents write to councils: the personal
// details must go, and the rest must stay readable.
func TestRedactRemovesPersonalData(t *testing.T) {
	tests := []struct {
		name, text string
		names      []string
		want       string
	}{
		{"email", "Please email me at sarah.okafor+council@example.co.uk when fixed",
			nil, "Please email me at [email removed] when fixed"},
		{"email written out", "contact jo.bloggs (at) example (dot) com",
			nil, "contact [email removed]"},
		{"mobile", "ring 07700 900123 or 07700900123 any time",
			nil, "ring [phone number removed] or [phone number removed] any time"},
		{"landline with +44 (0)", "My landline is +44 (0)20 7946 0000.",
			nil, "My landline is [phone number removed]."},
		{"landline with 0044 and dashes", "call 0044 1632-960-001 after 6",
			nil, "call [phone number removed] after 6"},
		{"national insurance", "My NI number is QQ 12 34 56 C and my son's is AB123456D",
			nil, "My NI number is [National Insurance number removed] and my son's is [National Insurance number removed]"},
		{"full postcode keeps outward code", "The hole is outside 14 Mill Road, cb1 2ab, by the bus stop",
			nil, "The hole is outside 14 Mill Road, CB1, by the bus stop"},
		{"postcode without space", "near SW1A1AA", nil, "near SW1A"},
		{"outward code alone is kept", "somewhere in CB4", nil, "somewhere in CB4"},
		{"date of birth", "My mother (DOB 03/04/1941) fell here. Date of birth: 12 March 1950.",
			nil, "My mother (DOB [date of birth removed]) fell here. Date of birth: [date of birth removed]."},
		{"born on", "he was born on 1st January 2010", nil, "he was born on [date of birth removed]"},
		{"other dates stay", "It has been there since 3 March 2026", nil, "It has been there since 3 March 2026"},
		{"applicant name anywhere", "Sarah Okafor here. Mrs OKAFOR's car was damaged; ask for sarah.",
			[]string{"Sarah Okafor"}, "[name removed] here. [name removed]'s car was damaged; ask for [name removed]."},
		{"title and name", "My neighbour Mr Patel and Dr A. Jones both tripped",
			nil, "My neighbour [name removed] and [name removed] both tripped"},
		{"introduced", "Hello, my name is Gareth Williams and I live opposite",
			nil, "Hello, my name is [name removed] and I live opposite"},
		{"sign-off", "Please fix it.\nKind regards,\nPriya Shah",
			nil, "Please fix it.\nKind regards,\n[name removed]"},
		{"sign-off to the council stays", "Thanks Council for the quick repair",
			nil, "Thanks Council for the quick repair"},
		{"nothing personal", "Large pothole in the road, about a tyre wide, near the junction",
			nil, "Large pothole in the road, about a tyre wide, near the junction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Redactor{Names: tt.names}.Redact(tt.text)
			if got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// A longer, realistic complaint: nothing in leaked must survive.
func TestRedactLongText(t *testing.T) {
	text := `To whom it may concern,

I am writing about the fly-tipping behind 22 Coleridge Road, Cambridge CB1 3PH. My name is
Margaret O'Neill (date of birth 14/02/1958, NI number JK 44 55 66 B). You can reach me on
01223 456789 or m.oneill1958@btinternet.com. My carer, Mrs Adebayo, saw a white van.

Yours sincerely,
Margaret O'Neill`
	got := Redactor{Names: []string{"Margaret O'Neill"}}.Redact(text)
	for _, leaked := range []string{"Margaret", "O'Neill", "CB1 3PH", "3PH", "14/02/1958", "JK 44 55 66 B",
		"01223", "456789", "btinternet", "Adebayo"} {
		if strings.Contains(got, leaked) {
			t.Errorf("%q survived redaction:\n%s", leaked, got)
		}
	}
	for _, kept := range []string{"fly-tipping", "Coleridge Road", "CB1", "white van"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q was removed but is not personal:\n%s", kept, got)
		}
	}
}

// Whatever surrounds them, a phone number, an email address and a
// postcode written as separate words never survive.
func FuzzRedactNeverLeaks(f *testing.F) {
	f.Add("call me on", "John Smith")
	f.Add("Mr", "a")
	f.Fuzz(func(t *testing.T, text, name string) {
		in := text + " 07700 900123 , jo.bloggs@example.com ; CB1 2AB . " + text
		got := Redactor{Names: []string{name}}.Redact(in)
		for _, leaked := range []string{"900123", "jo.bloggs", "2AB"} {
			if strings.Contains(got, leaked) && !strings.Contains(text, leaked) {
				t.Fatalf("%q survived in %q", leaked, got)
			}
		}
	})
}
