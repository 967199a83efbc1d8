package service

import (
	"slices"
	"testing"
)

// TestDisplay: what a person reads for each kind of answer, exactly.
func TestDisplay(t *testing.T) {
	lat, lng := 52.2053, 0.1218
	radios := &Question{ID: "q", Type: TypeRadios, Options: []Option{{Value: "no-action", Label: "No action needed"}}}
	boxes := &Question{ID: "q", Type: TypeCheckboxes, Options: []Option{{Value: "laptop", Label: "Laptop"}, {Value: "monitor", Label: "Monitor"}}}
	for _, tc := range []struct {
		name string
		q    *Question
		a    Answer
		want []string
	}{
		{"empty", radios, Answer{}, nil},
		{"option label, not value", radios, Answer{Text: "no-action"}, []string{"No action needed"}},
		{"an option since removed shows as stored", radios, Answer{Text: "gone"}, []string{"gone"}},
		{"choices", boxes, Answer{Choices: []string{"monitor", "laptop"}}, []string{"Monitor", "Laptop"}},
		{"yes/no", &Question{Type: TypeYesNo}, Answer{Text: "yes"}, []string{"Yes"}},
		{"date in words", &Question{Type: TypeDate}, Answer{Text: "2026-12-04"}, []string{"4 December 2026"}},
		{"long answer keeps its lines", &Question{Type: TypeTextarea}, Answer{Text: "Deep hole\nby the bus stop"}, []string{"Deep hole", "by the bus stop"}},
		{"address over lines", &Question{Type: TypeAddress}, Answer{Address: &Address{Line1: "12 High Street", Town: "Cambridge", Postcode: "CB1 1AA"}},
			[]string{"12 High Street", "Cambridge", "CB1 1AA"}},
		{"location", &Question{Type: TypeLocation}, Answer{Location: &Location{Description: "By the oak", Lat: &lat, Lng: &lng}},
			[]string{"By the oak", "Latitude 52.2053, longitude 0.1218"}},
		{"file", &Question{Type: TypeFile}, Answer{File: &FileRef{Name: "pothole.jpg", Size: 35 << 10}}, []string{"pothole.jpg (35 KB)"}},
	} {
		if got := tc.q.Display(tc.a); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Display = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := boxes.DisplayText(Answer{Choices: []string{"laptop", "monitor"}}); got != "Laptop, Monitor" {
		t.Errorf("DisplayText = %q", got)
	}
}
