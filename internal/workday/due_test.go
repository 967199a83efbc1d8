package workday

import (
	"errors"
	"testing"
	"time"
)

func TestDueFOI(t *testing.T) {
	ew := FOI()
	ew.Region = EnglandAndWales
	code := FOI()
	code.Receipt = ReceiptNextWorkingDay
	tests := []struct {
		name     string
		rule     Rule
		received string
		want     string
	}{
		// Day one is Wed 2 Dec; 25 and 28 Dec are holidays everywhere.
		{"across Christmas 2026", FOI(), "2026-12-01", "2026-12-31"},
		// 1 Jan and Scotland's 4 Jan 2027 (2 January, substitute) both stop the all-UK clock.
		{"into January 2027, all UK", FOI(), "2026-12-10", "2027-01-13"},
		{"into January 2027, England and Wales", ew, "2026-12-10", "2027-01-12"},
		{"into January 2027, Scotland (FOISA)", FOISA(), "2026-12-10", "2027-01-13"},
		// Easter 2027: St Patrick's Day (NI), Good Friday 26 Mar, Easter Monday 29 Mar.
		{"across Easter 2027, all UK", FOI(), "2027-03-08", "2027-04-08"},
		{"across Easter 2027, England and Wales", ew, "2027-03-08", "2027-04-07"},
		// Scotland has no Easter Monday and no St Patrick's Day.
		{"across Easter 2027, Scotland", FOISA(), "2027-03-08", "2027-04-06"},
		// Saturday receipt: ICO counts from Monday as day one; the s.45 Code
		// treats Monday as the date of receipt, one working day later.
		{"Saturday receipt, ICO", FOI(), "2027-03-06", "2027-04-07"},
		{"Saturday receipt, s.45 Code", code, "2027-03-06", "2027-04-08"},
		{"weekday receipt, s.45 Code unchanged", code, "2027-03-08", "2027-04-08"},
		// Scotland's one-off 15 Jun 2026 is an all-UK non-working day.
		{"June 2026, all UK", FOI(), "2026-06-01", "2026-06-30"},
		{"June 2026, England and Wales", ew, "2026-06-01", "2026-06-29"},
		{"leap year 2028", FOI(), "2028-02-01", "2028-02-29"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Due(tt.rule, at(t, tt.received), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got != d(t, tt.want) {
				t.Errorf("Due(received %s) = %s, want %s", tt.received, got, tt.want)
			}
			if n, _ := c.WorkingDaysBetween(tt.rule.Region, d(t, tt.received), got); tt.rule.Receipt == "" && n != 20 {
				t.Errorf("WorkingDaysBetween(receipt, due) = %d, want 20", n)
			}
		})
	}
}

// TestDueSAR uses the ICO's worked examples and the roll-forward rule.
func TestDueSAR(t *testing.T) {
	tests := []struct {
		name     string
		region   Region
		received string
		ext      []Extension
		want     string
	}{
		{"ICO: 3 September → 3 October", EnglandAndWales, "2025-09-03", nil, "2025-10-03"},
		{"ICO: 31 March → 30 April", EnglandAndWales, "2026-03-31", nil, "2026-04-30"},
		{"3 October 2026 is a Saturday", EnglandAndWales, "2026-09-03", nil, "2026-10-05"},
		{"received on a Sunday counts as day one", EnglandAndWales, "2026-09-06", nil, "2026-10-06"},
		{"31 Jan → 29 Feb in a leap year", EnglandAndWales, "2028-01-31", nil, "2028-02-29"},
		{"29 Feb → 29 Mar", EnglandAndWales, "2028-02-29", nil, "2028-03-29"},
		{"31 Jan → 28 Feb 2027, a Sunday → Monday", EnglandAndWales, "2027-01-31", nil, "2027-03-01"},
		{"Christmas Day, then Boxing Day substitute", EnglandAndWales, "2026-11-25", nil, "2026-12-29"},
		{"Good Friday then Easter Monday", EnglandAndWales, "2027-02-26", nil, "2027-03-30"},
		{"Good Friday, no Easter Monday in Scotland", Scotland, "2027-02-26", nil, "2027-03-29"},
		{"Scotland's 2 January substitute", Scotland, "2026-12-04", nil, "2027-01-05"},
		{"England works on 4 January 2027", EnglandAndWales, "2026-12-04", nil, "2027-01-04"},
		{"extended by two months: three from receipt", EnglandAndWales, "2026-01-31", []Extension{SARExtension}, "2026-04-30"},
		{"extension lands on Christmas", EnglandAndWales, "2026-09-25", []Extension{SARExtension}, "2026-12-29"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Due(SAR(tt.region), at(t, tt.received), nil, tt.ext...)
			if err != nil {
				t.Fatal(err)
			}
			if got != d(t, tt.want) {
				t.Errorf("Due(received %s) = %s, want %s", tt.received, got, tt.want)
			}
		})
	}
}

func TestDeadlinePausesRestartsExtensions(t *testing.T) {
	c := Default()
	pause := func(from, to string) Pause { return Pause{From: at(t, from), To: at(t, to)} }
	tests := []struct {
		name string
		rule Rule
		clk  Clock
		want string
	}{
		{"no events", FOI(), Clock{Received: at(t, "2026-06-01")}, "2026-06-30"},
		// Fees notice Mon 8 Jun, fee paid Wed 10 Jun: three working days disregarded.
		{"fees notice pause", FOI(), Clock{Received: at(t, "2026-06-01"),
			Pauses: []Pause{pause("2026-06-08", "2026-06-10")}}, "2026-07-03"},
		{"pause over a weekend counts only its working days", FOI(), Clock{Received: at(t, "2026-06-01"),
			Pauses: []Pause{pause("2026-06-12", "2026-06-14")}}, "2026-07-01"},
		{"overlapping pauses are not counted twice", FOI(), Clock{Received: at(t, "2026-06-01"),
			Pauses: []Pause{pause("2026-06-08", "2026-06-10"), pause("2026-06-09", "2026-06-11")}}, "2026-07-06"},
		{"pause after the due date changes nothing", FOI(), Clock{Received: at(t, "2026-06-01"),
			Pauses: []Pause{pause("2026-07-10", "2026-07-20")}}, "2026-06-30"},
		// Clarified request received Fri 5 Jun: a new 20 working days from then.
		{"clarification restarts", FOI(), Clock{Received: at(t, "2026-06-01"),
			Restarts: []time.Time{at(t, "2026-06-05")}}, "2026-07-06"},
		{"pause before the restart is forgotten", FOI(), Clock{Received: at(t, "2026-06-01"),
			Restarts: []time.Time{at(t, "2026-06-05")},
			Pauses:   []Pause{pause("2026-06-02", "2026-06-04")}}, "2026-07-06"},
		// 40 working days; 13 Jul 2026 (Boyne substitute, NI) is excluded all-UK.
		{"public interest extension", FOI(), Clock{Received: at(t, "2026-06-01"),
			Extensions: []Extension{PublicInterestExtension}}, "2026-07-29"},
		{"SAR clock stopped for ID, 10 days", SAR(EnglandAndWales), Clock{Received: at(t, "2026-03-02"),
			Pauses: []Pause{pause("2026-03-03", "2026-03-12")}}, "2026-04-13"},
		{"calendar days, day after receipt", Rule{Unit: CalendarDays, Length: 10, Region: EnglandAndWales},
			Clock{Received: at(t, "2026-12-18")}, "2026-12-28"},
		{"calendar days rolled forward", Rule{Unit: CalendarDays, Length: 10, Region: EnglandAndWales, Roll: RollNextWorkingDay},
			Clock{Received: at(t, "2026-12-18")}, "2026-12-29"},
		{"calendar months default: SAR rule", Rule{Unit: CalendarMonths, Length: 1, Region: EnglandAndWales},
			Clock{Received: at(t, "2026-11-25")}, "2026-12-29"},
		{"calendar months without roll", Rule{Unit: CalendarMonths, Length: 1, Region: EnglandAndWales, Roll: RollNone},
			Clock{Received: at(t, "2026-11-25")}, "2026-12-25"},
		{"calendar days counting the receipt day", Rule{Unit: CalendarDays, Length: 10, Region: EnglandAndWales, DayOne: DayOfReceipt},
			Clock{Received: at(t, "2026-12-18")}, "2026-12-27"},
		{"working days counting the receipt day", Rule{Unit: WorkingDays, Length: 1, Region: EnglandAndWales, DayOne: DayOfReceipt},
			Clock{Received: at(t, "2026-12-24")}, "2026-12-24"},
		{"working-day extension on a calendar-day rule", Rule{Unit: CalendarDays, Length: 10, Region: EnglandAndWales},
			Clock{Received: at(t, "2026-12-18"), Extensions: []Extension{{Unit: WorkingDays, Length: 2}}}, "2026-12-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Deadline(tt.rule, tt.clk)
			if err != nil {
				t.Fatal(err)
			}
			if got != d(t, tt.want) {
				t.Errorf("Deadline = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDeadlineErrors(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		rule Rule
		clk  Clock
		is   error
	}{
		{"open pause", FOI(), Clock{Received: at(t, "2026-06-01"), Pauses: []Pause{{From: at(t, "2026-06-03")}}}, ErrStopped},
		{"beyond the data", FOI(), Clock{Received: at(t, "2028-12-20")}, ErrOutOfRange},
		{"before the data", FOI(), Clock{Received: at(t, "2017-06-01")}, ErrOutOfRange},
		{"pause ends before it starts", FOI(), Clock{Received: at(t, "2026-06-01"),
			Pauses: []Pause{{From: at(t, "2026-06-05"), To: at(t, "2026-06-03")}}}, nil},
		{"bad unit", Rule{Unit: "fortnights", Length: 1, Region: AllUK}, Clock{Received: at(t, "2026-06-01")}, nil},
		{"zero length", Rule{Unit: WorkingDays, Region: AllUK}, Clock{Received: at(t, "2026-06-01")}, nil},
		{"bad region", Rule{Unit: WorkingDays, Length: 1, Region: "wales"}, Clock{Received: at(t, "2026-06-01")}, nil},
		{"months from the day after", Rule{Unit: CalendarMonths, Length: 1, Region: AllUK, DayOne: DayAfterReceipt},
			Clock{Received: at(t, "2026-06-01")}, nil},
		{"bad roll", Rule{Unit: CalendarDays, Length: 1, Region: AllUK, Roll: "back"}, Clock{Received: at(t, "2026-06-01")}, nil},
		{"negative extension", FOI(), Clock{Received: at(t, "2026-06-01"), Extensions: []Extension{{Unit: WorkingDays, Length: -1}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Deadline(tt.rule, tt.clk)
			if err == nil {
				t.Fatalf("Deadline = %s, want an error", got)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
		})
	}
}

// TestReceiptIsReadInLondon: 23:30 UTC in summer is 00:30 BST the next day.
func TestReceiptIsReadInLondon(t *testing.T) {
	tests := []struct {
		instant string
		want    string
	}{
		{"2026-06-30T23:30:00Z", "2026-07-01"},
		{"2026-12-31T23:30:00Z", "2026-12-31"}, // GMT: still the same day
		{"2026-03-29T00:30:00Z", "2026-03-29"}, // the night the clocks go forward
		{"2026-10-24T23:00:00Z", "2026-10-25"},
	}
	for _, tt := range tests {
		in, err := time.Parse(time.RFC3339, tt.instant)
		if err != nil {
			t.Fatal(err)
		}
		if got := DateOf(in); got != d(t, tt.want) {
			t.Errorf("DateOf(%s) = %s, want %s", tt.instant, got, tt.want)
		}
	}
	// Thursday 23:30 UTC in June is Friday in London, so day one is Monday
	// 29 June, not Friday 26 June (13 July is the Boyne substitute in NI).
	got, err := Default().Due(FOI(), time.Date(2026, 6, 25, 23, 30, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := d(t, "2026-07-27"); got != want {
		t.Errorf("FOI due for Thu 23:30 UTC = %s, want %s (receipt Friday in London)", got, want)
	}
}
