package workday

import (
	"errors"
	"strings"
	"testing"
)

// TestEmbeddedMatchesStandards checks the embedded file against the table of
// 2024–2027 bank holidays written out below, copied by hand from GOV.UK's
// published list (www.gov.uk/bank-holidays), so a bad edit of the file shows.
func TestEmbeddedMatchesStandards(t *testing.T) {
	want := map[Region]map[int]string{
		EnglandAndWales: {
			2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
			2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
			2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
			2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
		},
		Scotland: {
			2024: "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26",
			2025: "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
			2026: "01-01 01-02 04-03 05-04 05-25 06-15 08-03 11-30 12-25 12-28",
			2027: "01-01 01-04 03-26 05-03 05-31 08-02 11-30 12-27 12-28",
		},
		NorthernIreland: {
			2024: "01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26",
			2025: "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26",
			2026: "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28",
			2027: "01-01 03-17 03-26 03-29 05-03 05-31 07-12 08-30 12-27 12-28",
		},
	}
	c := Default()
	for reg, years := range want {
		for y, dates := range years {
			if got := monthDays(c.Holidays(reg, y)); got != dates {
				t.Errorf("%s %d:\n got %s\nwant %s", reg, y, got, dates)
			}
		}
	}
}

func monthDays(hs []Holiday) string {
	var parts []string
	for _, h := range hs {
		parts = append(parts, h.Date.String()[5:])
	}
	return strings.Join(parts, " ")
}

func TestEmbeddedHistoricAndOneOffDays(t *testing.T) {
	c := Default()
	tests := []struct {
		region  Region
		date    string
		holiday bool
	}{
		{EnglandAndWales, "2020-05-08", true},  // VE day, moved from 4 May
		{EnglandAndWales, "2020-05-04", false}, // the Monday it replaced
		{EnglandAndWales, "2022-06-02", true},  // spring bank holiday moved
		{EnglandAndWales, "2022-06-03", true},  // Platinum Jubilee
		{EnglandAndWales, "2022-05-30", false}, // the Monday it replaced
		{Scotland, "2022-09-19", true},         // State Funeral
		{NorthernIreland, "2023-05-08", true},  // Coronation
		{Scotland, "2026-06-15", true},         // one-off, Scotland only
		{EnglandAndWales, "2026-06-15", false},
		{AllUK, "2026-06-15", true},
		{EnglandAndWales, "2019-04-19", true}, // Good Friday
		{Scotland, "2019-04-22", false},       // no Easter Monday in Scotland
		{NorthernIreland, "2018-03-19", true}, // St Patrick's, substitute
		{Scotland, "2021-01-04", true},        // 2 January, substitute
		{EnglandAndWales, "2028-01-03", true}, // New Year, substitute
		{Scotland, "2028-01-04", true},
		{EnglandAndWales, "2028-02-29", false},
	}
	for _, tt := range tests {
		_, got := c.Holiday(tt.region, d(t, tt.date))
		if got != tt.holiday {
			t.Errorf("Holiday(%s, %s) = %v, want %v", tt.region, tt.date, got, tt.holiday)
		}
	}
	if first, last := c.Years(); first > 2018 || last < 2028 {
		t.Errorf("Years() = %d–%d, want at least 2018–2028", first, last)
	}
}

func TestLoadCalendar(t *testing.T) {
	const ok = `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"Christmas Day","date":"2030-12-25","notes":"","bunting":true}]},
"scotland":{"division":"scotland","events":[{"title":"St Andrew’s Day","date":"2030-12-02","notes":"Substitute day","bunting":true}]},
"northern-ireland":{"division":"northern-ireland","events":[{"title":"Christmas Day","date":"2030-12-25","notes":"","bunting":true}]}}`
	c, err := LoadCalendar(strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkingDay(EnglandAndWales, d(t, "2030-12-25")) {
		t.Error("25 Dec 2030 should not be a working day in the loaded calendar")
	}
	if h, _ := c.Holiday(AllUK, d(t, "2030-12-02")); h.Region != Scotland || h.Notes != "Substitute day" {
		t.Errorf("Holiday(AllUK, 2 Dec 2030) = %+v", h)
	}
	if _, err := c.AddWorkingDays(EnglandAndWales, d(t, "2030-12-20"), 10); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("walking into 2031: err = %v, want ErrOutOfRange", err)
	}

	bad := map[string]string{
		"not json":         `{`,
		"missing scotland": strings.Replace(ok, `"scotland"`, `"wales"`, 1),
		"bad date":         strings.Replace(ok, "2030-12-02", "2030-13-02", 1),
		"no shared year":   strings.Replace(ok, "2030-12-02", "2031-12-02", 1),
		"gap year":         strings.Replace(ok, `"2030-12-02","notes":"Substitute day","bunting":true}`, `"2030-12-02","notes":"","bunting":true},{"title":"x","date":"2032-01-01","notes":""}`, 1),
	}
	for name, in := range bad {
		if _, err := LoadCalendar(strings.NewReader(in)); err == nil {
			t.Errorf("%s: LoadCalendar succeeded, want error", name)
		}
	}
}
