package cases_test

import (
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// TestCalendarReadsTheDefinitionsOptions: day_one, receipt and roll as a
// service definition writes them reach the statutory rule.
func TestCalendarReadsTheDefinitionsOptions(t *testing.T) {
	saturday := time.Date(2027, 3, 6, 11, 0, 0, 0, time.UTC)
	foi := service.Clock{Length: 20, Unit: service.WorkingDays, Region: "all-uk"}
	with := func(f func(*service.Clock)) service.Clock { k := foi; f(&k); return k }
	tests := []struct {
		name string
		rule service.Clock
		want string
	}{
		{"FOI, ICO reading by default", foi, "2027-04-07"},
		{"day_after_receipt and as_received said outright", with(func(k *service.Clock) { k.DayOne, k.Receipt = "day_after_receipt", "as_received" }), "2027-04-07"},
		{"s.45 code: received on the next working day", with(func(k *service.Clock) { k.Receipt = "next_working_day" }), "2027-04-08"},
		{"day of receipt on a Saturday counts no working day", with(func(k *service.Clock) { k.DayOne = "day_of_receipt" }), "2027-04-07"},
		{"calendar days roll when asked", service.Clock{Length: 7, Unit: service.CalendarDays, Roll: "next_working_day"}, "2027-03-15"},
		{"calendar days do not roll by default", service.Clock{Length: 7, Unit: service.CalendarDays}, "2027-03-13"},
		{"one calendar month", service.Clock{Length: 1, Unit: service.CalendarMonths}, "2027-04-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, ok, err := cases.Calendar{}.Due(tt.rule, cases.ClockHistory{Received: saturday})
			if err != nil || !ok {
				t.Fatalf("Due: %v, %v", ok, err)
			}
			if got := workday.DateOf(end.Add(-time.Nanosecond)).String(); got != tt.want {
				t.Errorf("due %s, want %s", got, tt.want)
			}
		})
	}
}
