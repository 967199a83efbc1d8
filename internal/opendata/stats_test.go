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
	got := s.months(buckets, outcomes)
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
