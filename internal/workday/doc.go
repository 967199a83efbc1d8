// Package workday computes UK statutory due dates: working days, calendar days
// and calendar months, with pauses, restarts and extensions.
//
// # Working days
//
// A working day is any day that is not a Saturday, a Sunday or a bank holiday
// in the chosen [Region]. [AllUK] is the union of the three divisions: it is
// the FOIA 2000 s.10(6) and EIR definition ("a bank holiday in any part of the
// United Kingdom"), so St Patrick's Day and Scotland's 2 January stop an
// English council's FOI clock too. Christmas Day and Good Friday are in every
// division's list, so the statutory exceptions need no special case.
//
// # Bank holiday data
//
// The holidays are data, not code. The file bank-holidays.json beside this
// file is embedded in the binary with go:embed and has exactly the shape of
// GOV.UK's public feed:
//
//	{"england-and-wales": {"division": "england-and-wales",
//	                       "events": [{"title", "date": "YYYY-MM-DD", "notes", "bunting"}]},
//	 "scotland": {…}, "northern-ireland": {…}}
//
// It covers 2018 to 2028. 2018–2027 are GOV.UK's published dates (including
// the one-off days of 8 May 2020, 3 June 2022, 19 September 2022, 8 May 2023
// and Scotland's 15 June 2026); 2028 is projected from the usual rules and may
// gain a one-off day when GOV.UK publishes it.
//
// To update it, replace the file with the current feed and rebuild:
//
//	curl -fsS https://www.gov.uk/bank-holidays.json -o internal/workday/bank-holidays.json
//	go test ./internal/workday/
//
// The feed only reaches about a year ahead, so deadlines late in its last year
// need the next year's file. A running server can take a newer file without a
// rebuild through [LoadCalendar]. Dates outside the years a calendar covers
// give [ErrOutOfRange] rather than a silently wrong deadline.
//
// # Time
//
// Instants are read in Europe/London: a request received at 23:30 UTC in
// British Summer Time is received the next day. The package never reads the
// wall clock; callers pass every instant.
//
// # Statutory rules
//
// [FOI] (FOIA s.10 and EIR reg 5): the 20th working day following the date
// of receipt; the day after receipt is day one. A request arriving on a
// non-working day is received that day (ICO reading) unless the rule says
// [ReceiptNextWorkingDay] (the reading of the 2018 s.45 Code of Practice). A
// fees notice is a [Pause] (the working days from the notice to the fee,
// both inclusive, are disregarded); a clarification is a restart (s.10(6)(b));
// the public interest extension is an [Extension] of 20 working days.
//
// [SAR] (UK GDPR Art. 12(3)): one calendar month counted with the day of
// receipt as day one, ending on the corresponding date of the next month, or
// the last day of that month when it has no such date; a due date that is not
// a working day moves to the next working day. The complex-request extension
// is an Extension of two calendar months, counted from receipt (three months
// in all).
//
// A [Rule]'s zero-value options are its unit's statutory defaults, so a
// service definition that gives only a length, unit and region gets: for
// working and calendar days, day one is the day after receipt and the date
// of receipt is the day the request arrives; for calendar months, the day of
// receipt is day one and a due date on a non-working day moves to the next
// working day. Pauses count whole days in Europe/London, both ends included.
package workday
