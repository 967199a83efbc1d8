package opendata

import (
	"testing"
	"time"
)

// The published month: small counts hidden, a percentage left out when it
// would reveal a hidden count, the median only over five or more.
func TestMonthsSuppressAndMedian(t *testing.T) {
	s := &Service{}
	march := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC).Unix() / 3600
	// A case received at 23:30 UTC on 31 March 2026 is 1 April in London (BST).
	april := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC).Unix() / 3600
	buckets := []Bucket{
		{Hour: march, Days: 1, Count: 3}, {Hour: march, Days: 4, Count: 2}, {Hour: march, Days: 9, Count: 2}, {Hour: march, Days: -1, Count: 4},
		{Hour: april, Days: -1, Count: 2},
	}
	outcomes := []MonthOutcome{{"2026-03", true, 20}, {"2026-03", false, 3}, {"2026-04", true, 6}, {"2026-04", false, 0}}
	got := s.months(buckets, outcomes, nil)
	if len(got) != 2 || got[0].Month != "2026-04" || got[1].Month != "2026-03" {
		t.Fatalf("months %+v", got)
	}
	apr, mar := got[0], got[1]
	if mar.Received.String() != "11" || mar.Closed.String() != "7" || mar.MedianDays != "4" {
		t.Errorf("March volumes %+v", mar)
	}
	if mar.Met.String() != "20" || mar.Missed.String() != "fewer than 5" || mar.Percent != "" {
		t.Errorf("March timeliness: a percentage would reveal the 3 late: %+v", mar)
	}
	if apr.Received.String() != "fewer than 5" || apr.Closed.String() != "0" || apr.MedianDays != "" || apr.Percent != "100%" {
		t.Errorf("April %+v", apr)
	}
	if mar.Label() != "March 2026" {
		t.Errorf("label %q", mar.Label())
	}
}

// Satisfaction: a month's ratings are published as a count and the share
// satisfied or very satisfied; the share is left out when the ratings are
// few or when either side of the split is a hidden count.
func TestMonthsSatisfaction(t *testing.T) {
	s := &Service{}
	ratings := []MonthRating{
		{"2026-01", "very-satisfied", 4}, {"2026-01", "satisfied", 3}, {"2026-01", "neither", 2}, {"2026-01", "very-dissatisfied", 3},
		{"2026-02", "very-satisfied", 9}, {"2026-02", "dissatisfied", 1},
		{"2026-03", "satisfied", 3},
		{"2026-04", "very-satisfied", 6},
	}
	got := s.months(nil, nil, ratings)
	want := map[string][2]string{
		"2026-01": {"12", "58%"},        // 7 of 12
		"2026-02": {"10", ""},           // the 1 unhappy answer would show
		"2026-03": {"fewer than 5", ""}, // too few to publish
		"2026-04": {"6", "100%"},        // none dissatisfied: zero discloses nobody
	}
	if len(got) != len(want) {
		t.Fatalf("months %+v", got)
	}
	for _, m := range got {
		if w := want[m.Month]; m.Rated.String() != w[0] || m.Satisfied != w[1] {
			t.Errorf("%s: rated %s satisfied %q, want %s %q", m.Month, m.Rated, m.Satisfied, w[0], w[1])
		}
	}
}
