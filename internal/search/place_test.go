package search

import (
	"strings"
	"testing"
)

func TestSplitPostcode(t *testing.T) {
	for _, tc := range []struct{ in, rest, postcode string }{
		{"potholes near SW1A 1AA", "potholes", "SW1A 1AA"},
		{"potholes near sw1a1aa", "potholes", "sw1a1aa"},
		{"CB1 2AB fly tipping", "fly tipping", "CB1 2AB"},
		{"potholes, near CB1 2AB, open", "potholes open", "CB1 2AB"},
		{"potholes near the station", "potholes near the station", ""},
		{"pothole", "pothole", ""},
		{"near", "near", ""},
	} {
		rest, pc := splitPostcode(tc.in, isPostcode)
		if rest != tc.rest || pc != tc.postcode {
			t.Errorf("%q: %q, %q; want %q, %q", tc.in, rest, pc, tc.rest, tc.postcode)
		}
	}
}

func TestTidyBoundsTheQuery(t *testing.T) {
	q := tidy(Query{Text: strings.Repeat("bins ", 100), Near: strings.Repeat("CB1 2AB", 100), Kind: "'; DROP", Page: -3})
	if q.Text != strings.TrimSpace(strings.Repeat("bins ", maxWords)) || q.Near != "CB1 2ABCB1 2ABCB" || q.Kind != "" {
		t.Errorf("%+v", q)
	}
	if q := tidy(Query{Text: strings.Repeat("é", 1000)}); len([]rune(q.Text)) != MaxQuery {
		t.Errorf("%d runes kept", len([]rune(q.Text)))
	}
}
