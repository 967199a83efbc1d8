package people

import (
	"os"
	"testing"
)

func TestNormalisePostcode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"sw1a1aa", "SW1A 1AA", true},
		{" wv1 2ab ", "WV1 2AB", true},
		{"M1 1AE", "M1 1AE", true},
		{"B33 8TH", "B33 8TH", true},
		{"cr2-6xh", "CR2 6XH", true},
		{"DN55 1PT", "DN55 1PT", true},
		{"W1A 0AX", "W1A 0AX", true},
		{"not a postcode", "NOT A POSTCODE", false},
		{"12345", "12 345", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalisePostcode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormaliseAddressLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12 High St", "12 high street"},
		{"12, High Street.", "12 high street"},
		{"14 St. Mary's Rd", "14 saint marys road"},
		{"Apt 2, 7 Kestrel Ct", "flat 2 7 kestrel court"},
		{"Flat2 Kestrel Court", "flat 2 kestrel court"},
		{"Apartment 2B", "flat 2b"},
		{"5 a Mill Ln", "5a mill lane"},
		{"FLAT 1, 7 MILL LANE", "flat 1 7 mill lane"},
		{"St Johns Ave", "saint johns avenue"},
		{"No. 3 Mill Lane", "3 mill lane"},
	}
	for _, tt := range tests {
		if got := NormaliseAddressLine(tt.in); got != tt.want {
			t.Errorf("NormaliseAddressLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func sampleGazetteer(t *testing.T) []Property {
	t.Helper()
	f, err := os.Open("testdata/gazetteer.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, rejects, err := ReadGazetteer(f)
	if err != nil || len(rejects) > 0 {
		t.Fatalf("sample gazetteer: %v %v", rejects, err)
	}
	return props
}

func TestMatchAddress(t *testing.T) {
	props := sampleGazetteer(t)
	tests := []struct {
		name string
		in   Address
		uprn string
		how  string
	}{
		{"exact", Address{Line1: "3 Mill Lane", Postcode: "WV1 2AB"}, "990000000102", MatchExact},
		{"abbreviated with locality", Address{Line1: "3 Mill Ln", Line2: "Hollinsford", Town: "Wyvernbury"}, "990000000102", MatchExact},
		{"suffix typed apart", Address{Line1: "5 A Mill Lane"}, "990000000103", MatchExact},
		{"flat forms", Address{Line1: "Apartment 2, Kestrel Ct", Line2: "7 Mill Lane"}, "990000000112", MatchExact},
		{"typo", Address{Line1: "3 Mil Lane", Line2: "Hollinsfrod"}, "990000000102", MatchFuzzy},
		{"building name", Address{Line1: "The Old Forge, Mill Lane"}, "990000000120", MatchExact},
		{"range", Address{Line1: "9-11 Mill Lane"}, "990000000121", MatchExact},
		{"wrong number", Address{Line1: "4 Mill Lane"}, "", ""},
		{"given", Address{Line1: "anything", UPRN: "123"}, "123", MatchGiven},
		{"empty", Address{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MatchAddress(tt.in, props)
			if got.UPRN != tt.uprn || got.How != tt.how || ok != (tt.uprn != "") {
				t.Errorf("MatchAddress(%+v) = %+v, %v; want %s by %s", tt.in, got, ok, tt.uprn, tt.how)
			}
		})
	}
}
