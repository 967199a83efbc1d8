//go:build !guildhall_testclock

package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestOrdinaryBuildRefusesTestClock: a GUILDHALL_TEST_CLOCK_OFFSET left set
// on a council's server stops serve before it opens anything, instead of
// moving the statutory clocks or being silently ignored.
func TestOrdinaryBuildRefusesTestClock(t *testing.T) {
	env := map[string]string{"GUILDHALL_TEST_CLOCK_OFFSET": "552h"}
	err := run(context.Background(), []string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"},
		func(k string) string { return env[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no test clock") {
		t.Fatalf("serve with GUILDHALL_TEST_CLOCK_OFFSET in an ordinary build: %v", err)
	}
}
