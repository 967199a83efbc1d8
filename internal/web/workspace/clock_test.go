package workspace

import (
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

func TestClockView(t *testing.T) {
	at := func(y int, m time.Month, d, h int) *time.Time {
		v := time.Date(y, m, d, h, 0, 0, 0, time.UTC)
		return &v
	}
	now := *at(2026, 12, 21, 10) // Monday before Christmas
	scotland := &service.Definition{Clock: &service.Clock{Length: 20, Unit: service.WorkingDays, Region: "scotland"}}
	tests := []struct {
		name string
		c    cases.Case
		def  *service.Definition
		want clockView
	}{
		{"no clock", cases.Case{}, nil, clockView{}},
		{"due at the end of the last day shows that day", cases.Case{DueAt: ptr(workday.NewDate(2026, 12, 30).Start())}, nil,
			clockView{Due: "29 December 2026", DaysLeft: 4, HasDays: true}},
		{"due after Christmas: bank holidays are not working days", cases.Case{DueAt: at(2026, 12, 29, 23)}, nil,
			clockView{Due: "29 December 2026", DaysLeft: 4, HasDays: true}}, // 22, 23, 24, 29 (25, 28 are holidays)
		{"Scotland keeps 29 December and loses 2 January", cases.Case{DueAt: at(2027, 1, 5, 12)}, scotland,
			clockView{Due: "5 January 2027", DaysLeft: 7, HasDays: true}}, // 22 23 24 29 30 31 5 (1, 2→4 Jan sub)
		{"overdue counts back", cases.Case{DueAt: at(2026, 12, 17, 12)}, nil,
			clockView{Due: "17 December 2026", DaysLeft: -2, HasDays: true, Overdue: true}},
		{"paused is never overdue", cases.Case{DueAt: at(2026, 12, 17, 12), PausedSince: at(2026, 12, 1, 9)}, nil,
			clockView{Due: "17 December 2026", DaysLeft: -2, HasDays: true, Paused: true}},
		{"closed shows no count", cases.Case{DueAt: at(2026, 12, 17, 12), ClosedAt: at(2026, 12, 16, 9)}, nil,
			clockView{Due: "17 December 2026", Closed: true}},
		{"answered in time shows the outcome, never overdue", cases.Case{History: cases.ClockHistory{Stopped: at(2026, 12, 3, 9),
			Outcomes: []cases.Outcome{{Clock: cases.ResponseClock, Due: workday.NewDate(2026, 12, 4), Met: true}}}}, nil,
			clockView{Outcome: "Answered in time (due 4 December 2026)"}},
		{"a missed review says by how much", cases.Case{History: cases.ClockHistory{Stopped: at(2026, 12, 9, 9),
			Outcomes: []cases.Outcome{{Clock: "internal_review", Due: workday.NewDate(2026, 12, 4), WorkingDaysLate: 3}}}}, nil,
			clockView{Outcome: "Review answered 3 working days late (due 4 December 2026)"}},
		{"waiting for the requester: no date, clock stopped", cases.Case{PausedSince: at(2026, 12, 1, 9)}, nil,
			clockView{Paused: true}},
		{"beyond the calendar leaves the count out", cases.Case{DueAt: at(2031, 1, 6, 12)}, nil,
			clockView{Due: "6 January 2031"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newClockView(&tt.c, tt.def, workday.Default(), now)
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
