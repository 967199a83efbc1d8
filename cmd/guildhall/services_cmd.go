package main

import (
	"context"
	"fmt"
	"io"
)

// runServices dispatches `guildhall services <sub-command>`.
func runServices(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "check" {
		return runServicesCheck(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, "Usage: guildhall services check [DIR]")
	fmt.Fprintln(stderr, "\n  check   report every problem in the service definitions in DIR (file:line:col), exit 1 if any")
	if asksForHelp(args) {
		return nil
	}
	return errUsage
}
