package service

import (
	"maps"
	"slices"
	"strings"
)

// Answers holds a submission's answers by question id.
type Answers map[string]Answer

// Answer is one normalised answer. Exactly one of its parts is set, by question type:
// Text for text, textarea, number, date (YYYY-MM-DD), email, phone (normalised),
// postcode (normalised, "SW1A 1AA"), radios, select and yesno ("yes"/"no");
// Choices for checkboxes; Address for address; Location for location; File for file;
// Items for repeat.
type Answer struct {
	Text     string    `json:"text,omitempty"`
	Choices  []string  `json:"choices,omitempty"`
	Address  *Address  `json:"address,omitempty"`
	Location *Location `json:"location,omitempty"`
	File     *FileRef  `json:"file,omitempty"`
	// Items are a repeat question's answers, one Answers per item added,
	// in the order added.
	Items []Answers `json:"items,omitempty"`
}

// Address is a UK postal address, with its UPRN when known.
type Address struct {
	Line1    string `json:"line1"`
	Line2    string `json:"line2,omitempty"`
	Town     string `json:"town"`
	Postcode string `json:"postcode"`
	UPRN     string `json:"uprn,omitempty"`
}

// Location is a place: a point, a UPRN, or a description (at least one).
// A point chosen in the front door is snapped to the gazetteer: USRN is the
// nearest street, UPRN the property when the point is on one, and Place
// says which in words ("3 Mill Lane, Wyvernbury, WV1 2AB" or "Mill Lane,
// Wyvernbury"); the resident's own words stay in Description.
type Location struct {
	Lat         *float64 `json:"lat,omitempty"`
	Lng         *float64 `json:"lng,omitempty"`
	UPRN        string   `json:"uprn,omitempty"`
	USRN        string   `json:"usrn,omitempty"`
	Place       string   `json:"place,omitempty"`
	Description string   `json:"description,omitempty"`
}

// FileRef points at an uploaded document held in blob storage.
type FileRef struct {
	Key         string `json:"key"` // content address (sha256 hex)
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// IsEmpty reports whether the answer holds nothing.
func (a Answer) IsEmpty() bool {
	return a.Text == "" && len(a.Choices) == 0 && a.Address == nil && a.Location == nil && a.File == nil && len(a.Items) == 0
}

// String renders the answer for display and for search indexing.
func (a Answer) String() string {
	switch {
	case a.Address != nil:
		parts := []string{a.Address.Line1, a.Address.Line2, a.Address.Town, a.Address.Postcode}
		return joinNonEmpty(parts, ", ")
	case a.Location != nil:
		return a.Location.String()
	case a.File != nil:
		return a.File.Name
	case len(a.Choices) > 0:
		return strings.Join(a.Choices, ", ")
	case len(a.Items) > 0:
		var parts []string
		for _, item := range a.Items {
			for _, id := range slices.Sorted(maps.Keys(item)) {
				parts = append(parts, item[id].String())
			}
		}
		return strings.Join(parts, "; ")
	}
	return a.Text
}

func joinNonEmpty(parts []string, sep string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
