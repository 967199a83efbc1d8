//go:build !guildhall_testclock

package main

import (
	"errors"
	"time"
)

// testClock refuses a test clock in an ordinary build: statutory dates come
// from the real clock, and a variable left set by mistake must stop the
// program rather than be silently ignored or, worse, obeyed.
func testClock(offset string) (func() time.Time, error) {
	if offset == "" {
		return nil, nil
	}
	return nil, errors.New("GUILDHALL_TEST_CLOCK_OFFSET is set, but this program has no test clock (only a test build, made with -tags guildhall_testclock, has one): unset it")
}
