package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// runFilePlan is `guildhall fileplan check [FILE]`: it checks a file plan
// (the bundled one when FILE is left out) and prints each problem as
// file:line:col: message, exiting 1 when there are any.
func runFilePlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("guildhall fileplan check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("services", "", "folder of service definitions whose cases the plan must file (default: the bundled services)")
	flags.Usage = func() {
		fmt.Fprintln(flags.Output(), "Usage: guildhall fileplan check [--services DIR] [FILE]\n\nChecks a file plan (the bundled default when FILE is left out), and that it files\nevery service's cases under one transaction whose retention rule agrees with the\nservice definition's; see docs/records.md.")
	}
	if len(args) == 0 || args[0] != "check" {
		if asksForHelp(args) {
			flags.SetOutput(stdout)
			flags.Usage()
			return nil
		}
		flags.Usage()
		return exitError(2)
	}
	if err := flags.Parse(args[1:]); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil || flags.NArg() > 1 {
		return exitError(2)
	}
	plan, err := platform.LoadFilePlan(flags.Arg(0))
	if err != nil {
		fmt.Fprintln(stdout, fault.Public(err))
		return exitError(1)
	}
	fsys, _, err := servicesFS(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "guildhall fileplan check:", err)
		return exitError(1)
	}
	cat, err := service.LoadDir(fsys)
	if err != nil {
		fmt.Fprintln(stderr, "guildhall fileplan check: the service definitions do not load: run guildhall services check")
		return exitError(1)
	}
	if problems := plan.CheckServices(cat.All()); len(problems) > 0 {
		fmt.Fprintln(stdout, strings.Join(problems, "\n"))
		return exitError(1)
	}
	fmt.Fprintf(stderr, "%s: %d classes; every one of %d services filed under one transaction, its retention agreeing with its class's; no problems\n", plan.Source, len(plan.Classes()), len(cat.All()))
	return nil
}
