package workday

import (
	"errors"
	"fmt"
)

// DayOne says which day is the first day counted.
type DayOne string

// The choices of day one. The zero value means the unit's statutory default:
// the day after receipt for working and calendar days (FOIA s.10), the day of
// receipt for calendar months (UK GDPR, as the ICO reads it).
const (
	DayOneDefault   DayOne = ""
	DayAfterReceipt DayOne = "day_after_receipt"
	DayOfReceipt    DayOne = "day_of_receipt"
)

// Receipt says when a request that arrives on a non-working day is received.
type Receipt string

// The receipt rules. The zero value is the ICO reading.
const (
	// ReceiptAsReceived: the date of receipt is the calendar day it arrives,
	// weekend or not (ICO). Day one is then the first working day after it.
	ReceiptAsReceived Receipt = ""
	// ReceiptNextWorkingDay: a request arriving on a non-working day is
	// received on the next working day (the reading of the 2018 s.45 Code of
	// Practice), which makes the due date one working day later.
	ReceiptNextWorkingDay Receipt = "next_working_day"
)

// Roll says what happens to a calendar-day or calendar-month due date that
// is not a working day.
type Roll string

// The roll rules. The zero value is the unit's default: calendar months move
// to the next working day (the ICO's SAR rule), calendar days do not.
// Working-day due dates are always working days, so Roll does not apply.
const (
	RollDefault        Roll = ""
	RollNextWorkingDay Roll = "next_working_day"
	RollNone           Roll = "none"
)

// Rule is a statutory or service-level time limit. Its zero-value options
// are the statutory defaults for its unit, so a service definition that
// says only "1 calendar_months" gets the SAR rule.
type Rule struct {
	Unit   Unit
	Length int // in Unit; at least 1
	Region Region
	DayOne DayOne
	// Receipt applies to working and calendar days; calendar months always
	// start on the calendar day of receipt.
	Receipt Receipt
	Roll    Roll
}

// FOI is the FOIA 2000 s.10 and EIR reg 5 limit: 20 working days, day one
// the first working day after receipt, bank holidays of any part of the UK.
func FOI() Rule { return Rule{Unit: WorkingDays, Length: 20, Region: AllUK} }

// FOISA is the Freedom of Information (Scotland) Act 2002 limit: 20 working
// days, Scottish bank holidays only.
func FOISA() Rule { return Rule{Unit: WorkingDays, Length: 20, Region: Scotland} }

// SAR is the UK GDPR Art. 12(3) subject access limit for a controller in
// region r: one calendar month from the day of receipt, rolled forward to a
// working day.
func SAR(r Region) Rule {
	return Rule{Unit: CalendarMonths, Length: 1, Region: r, DayOne: DayOfReceipt, Roll: RollNextWorkingDay}
}

// PublicInterestExtension is the further 20 working days the ICO accepts for
// considering the public interest (FOIA s.10(3)).
var PublicInterestExtension = Extension{Unit: WorkingDays, Length: 20}

// SARExtension is the further two months allowed for complex or numerous
// subject access requests (UK GDPR Art. 12(3)).
var SARExtension = Extension{Unit: CalendarMonths, Length: 2}

// Validate reports what is wrong with r, if anything.
func (r Rule) Validate() error {
	var errs []error
	if !r.Unit.Valid() {
		errs = append(errs, fmt.Errorf("unknown unit %q", r.Unit))
	}
	if r.Length < 1 {
		errs = append(errs, fmt.Errorf("length %d is less than 1", r.Length))
	}
	if !r.Region.Valid() {
		errs = append(errs, errRegion(r.Region))
	}
	switch r.DayOne {
	case DayOneDefault, DayOfReceipt:
	case DayAfterReceipt:
		if r.Unit == CalendarMonths {
			errs = append(errs, errors.New("calendar months count the day of receipt as day one"))
		}
	default:
		errs = append(errs, fmt.Errorf("unknown day one %q", r.DayOne))
	}
	if r.Receipt != ReceiptAsReceived && r.Receipt != ReceiptNextWorkingDay {
		errs = append(errs, fmt.Errorf("unknown receipt rule %q", r.Receipt))
	}
	if r.Roll != RollDefault && r.Roll != RollNextWorkingDay && r.Roll != RollNone {
		errs = append(errs, fmt.Errorf("unknown roll rule %q", r.Roll))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("workday: invalid rule: %w", err)
	}
	return nil
}

// countsReceiptDay reports whether the day of receipt is day one.
func (r Rule) countsReceiptDay() bool {
	return r.DayOne == DayOfReceipt || (r.DayOne == DayOneDefault && r.Unit == CalendarMonths)
}

// rolls reports whether a due date that is not a working day moves on.
func (r Rule) rolls() bool {
	return r.Roll == RollNextWorkingDay || (r.Roll == RollDefault && r.Unit == CalendarMonths)
}
