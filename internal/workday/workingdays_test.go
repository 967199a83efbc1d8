package workday

import "testing"

func TestAddWorkingDaysAndBetween(t *testing.T) {
	tests := []struct {
		region Region
		from   string
		n      int
		want   string
	}{
		{EnglandAndWales, "2026-12-24", 1, "2026-12-29"},
		{EnglandAndWales, "2026-12-29", -1, "2026-12-24"},
		{EnglandAndWales, "2026-12-26", 0, "2026-12-26"},
		{EnglandAndWales, "2027-03-25", 1, "2027-03-30"}, // Good Friday, weekend, Easter Monday
		{Scotland, "2027-03-25", 1, "2027-03-29"},
		{NorthernIreland, "2027-03-16", 1, "2027-03-18"}, // St Patrick's Day
		{EnglandAndWales, "2027-03-16", 1, "2027-03-17"},
		{AllUK, "2027-03-16", 1, "2027-03-18"},
		{EnglandAndWales, "2028-02-28", 1, "2028-02-29"}, // leap day is a Tuesday
		{EnglandAndWales, "2027-02-26", 1, "2027-03-01"},
	}
	c := Default()
	for _, tt := range tests {
		got, err := c.AddWorkingDays(tt.region, d(t, tt.from), tt.n)
		if err != nil {
			t.Fatal(err)
		}
		if got != d(t, tt.want) {
			t.Errorf("AddWorkingDays(%s, %s, %d) = %s, want %s", tt.region, tt.from, tt.n, got, tt.want)
			continue
		}
		back, err := c.WorkingDaysBetween(tt.region, d(t, tt.from), got)
		if err != nil {
			t.Fatal(err)
		}
		if back != tt.n {
			t.Errorf("WorkingDaysBetween(%s, %s, %s) = %d, want %d", tt.region, tt.from, got, back, tt.n)
		}
	}
}

func TestNextWorkingDayAndIsWorkingDay(t *testing.T) {
	c := Default()
	tests := []struct {
		region  Region
		date    string
		working bool
		next    string
	}{
		{EnglandAndWales, "2026-12-25", false, "2026-12-29"},
		{EnglandAndWales, "2026-12-29", true, "2026-12-29"},
		{Scotland, "2027-01-01", false, "2027-01-05"},
		{EnglandAndWales, "2027-01-01", false, "2027-01-04"},
		{EnglandAndWales, "2027-03-27", false, "2027-03-30"}, // Saturday of Easter
		{AllUK, "2026-07-13", false, "2026-07-14"},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.region, d(t, tt.date)); got != tt.working {
			t.Errorf("IsWorkingDay(%s, %s) = %v", tt.region, tt.date, got)
		}
		got, err := c.NextWorkingDay(tt.region, d(t, tt.date))
		if err != nil {
			t.Fatal(err)
		}
		if got != d(t, tt.next) {
			t.Errorf("NextWorkingDay(%s, %s) = %s, want %s", tt.region, tt.date, got, tt.next)
		}
	}
	if _, err := c.AddWorkingDays("wales", d(t, "2026-01-05"), 1); err == nil {
		t.Error("AddWorkingDays with an unknown region succeeded")
	}
}

func TestDateAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2026-01-31", 3, "2026-04-30"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-09-03", 1, "2026-10-03"},
	}
	for _, tt := range tests {
		if got := d(t, tt.from).AddMonths(tt.n); got != d(t, tt.want) {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := d(t, "2026-10-25").End().Sub(d(t, "2026-10-25").Start()); got.Hours() != 25 {
		t.Errorf("25 Oct 2026 (clocks go back) lasts %v, want 25h", got)
	}
}
