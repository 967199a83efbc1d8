// Package acceptance plays a council's first weeks through the real
// guildhall serve binary (started by test/internal/server, as an operator
// runs it), on SQLite and on PostgreSQL: the first administrator's sign-in,
// teams and people, residents reporting through the front door (in headless
// Chromium) and through Open311, officers working the cases. It asserts what
// each person receives exactly: every email body is compared with a golden
// text under testdata/golden (reviewed by reading; regenerate with
// -update and read the diff), every date with the statutory date computed
// by internal/workday from the moment of submission, and every page a
// person lands on is checked at 320 CSS pixels for sideways scrolling.
//
//	go test ./test/acceptance                       # SQLite; PostgreSQL and Chromium when present
//	GUILDHALL_TEST_POSTGRES=required GUILDHALL_TEST_BROWSER=required go test ./test/acceptance
package acceptance
