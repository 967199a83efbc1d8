package main

import (
	"time"

	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/guildhall-platform/guildhall/internal/web/open311"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

// runServicesCheck is `guildhall services check [DIR]`: it reads every
// *.yaml/*.yml definition in DIR (the bundled services when DIR is left out),
// prints each problem as "file:line:col: message (hint: …)" on stdout, and a
// summary on stderr. It returns exitError(1) when there are problems, so CI
// and editors can run it on every change.
func runServicesCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("guildhall services check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		flags.SetOutput(stdout) // asked for: help is output, not an error
	}
	flags.Usage = func() {
		w := flags.Output()
		fmt.Fprintln(w, "Usage: guildhall services check [DIR]")
		fmt.Fprintln(w, "\nChecks every service definition (*.yaml, *.yml) in DIR, or the bundled")
		fmt.Fprintln(w, "services when DIR is left out. Prints one line per problem:")
		fmt.Fprintln(w, "  file:line:col: message (hint: how to fix)")
		fmt.Fprintln(w, "and exits 1 if there are any. See docs/service-definitions.md.")
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return exitError(2)
	}
	if flags.NArg() > 1 {
		flags.Usage()
		return exitError(2)
	}
	fsys, dir, err := servicesFS(flags.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "guildhall services check:", err)
		return exitError(1)
	}
	defs, probs, err := service.LoadDirAll(fsys)
	if err != nil {
		fmt.Fprintln(stderr, "guildhall services check:", err)
		return exitError(1)
	}
	// What Open311 would refuse is decided by the open311 package itself,
	// from the same code a report goes through.
	for _, d := range defs {
		probs = append(probs, open311.Unadvertised(d, time.Now())...)
	}
	for _, p := range probs {
		p.File = filepath.Join(dir, p.File)
		fmt.Fprintln(stdout, p.String())
	}
	// Count files, not definitions: a file too broken to decode is still a service.
	n := len(defs)
	if yaml, err := fs.Glob(fsys, "*.y*ml"); err == nil {
		n = max(n, len(yaml))
	}
	summary := fmt.Sprintf("%d %s, %d %s", n, countNoun(n, "service", "services"), len(probs), countNoun(len(probs), "problem", "problems"))
	if len(probs) > 0 {
		fmt.Fprintln(stderr, summary)
		return exitError(1)
	}
	fmt.Fprintln(stdout, summary)
	return nil
}

// servicesFS opens the folder to check; "" means the bundled services.
func servicesFS(dir string) (fs.FS, string, error) {
	if dir == "" {
		return services.FS, "services", nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, "", err
	}
	if !info.IsDir() {
		return nil, "", fmt.Errorf("%s is not a folder", dir)
	}
	return os.DirFS(dir), dir, nil
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
