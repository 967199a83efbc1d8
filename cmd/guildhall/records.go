package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform"
)

// runFilePlan is `guildhall fileplan check [FILE]`: it checks a file plan
// (the bundled one when FILE is left out) and prints each problem as
// file:line:col: message, exiting 1 when there are any.
func runFilePlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("guildhall fileplan check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(flags.Output(), "Usage: guildhall fileplan check [FILE]\n\nChecks a file plan (the bundled default when FILE is left out); see docs/records.md.")
	}
	if len(args) == 0 || args[0] != "check" {
		flags.Usage()
		return exitError(2)
	}
	if err := flags.Parse(args[1:]); err != nil || flags.NArg() > 1 {
		return exitError(2)
	}
	plan, err := platform.LoadFilePlan(flags.Arg(0))
	if err != nil {
		fmt.Fprintln(stdout, fault.Public(err))
		return exitError(1)
	}
	fmt.Fprintf(stderr, "%s: %d classes, no problems\n", plan.Source, len(plan.Classes()))
	return nil
}
