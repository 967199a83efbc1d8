//go:build guildhall_testclock

package main

import (
	"fmt"
	"time"
)

// testClock is the clock of a program built with -tags guildhall_testclock:
// the real time moved by GUILDHALL_TEST_CLOCK_OFFSET (a Go duration, such as
// 552h for 23 days later), so that an end-to-end test can play "weeks later"
// through the real pages (a proof of identity that arrives three weeks after
// the request). It is platform.Config.Now: cases and their statutory clocks,
// audit and the web areas. Sign-in, sessions, the outbox and outbound
// protocols keep the real time (a Notify token is refused when its
// issued-at time is far from the real one).
func testClock(offset string) (func() time.Time, error) {
	if offset == "" {
		return nil, nil
	}
	d, err := time.ParseDuration(offset)
	if err != nil {
		return nil, fmt.Errorf("GUILDHALL_TEST_CLOCK_OFFSET %q: %w", offset, err)
	}
	return func() time.Time { return time.Now().Add(d) }, nil
}
