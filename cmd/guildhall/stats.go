package main

import (
	"context"
	"fmt"
	"io"

	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// runStats is "guildhall stats verify": count every case afresh and compare
// the counts the dashboards read, printing each that differs. Exit status
// 1 when any does. serve runs the same check once a day and logs what it
// finds.
func runStats(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "Usage: guildhall stats verify [flags]   (guildhall stats verify --help)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet("stats verify", "Count every case afresh and compare the counts the dashboards read (case_stat_counts), which\ndatabase triggers keep as cases change. A count changed in the database by hand shows as a\ndifference; exit status 1 names each. The database does the counting: memory stays flat.", stderr)
	var c config
	c.bindStore(fs, getenv)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	st, err := openReady(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := (&statistics.Service{Store: st}).Check(ctx, func(d statistics.Difference) error {
		_, err := fmt.Fprintln(stdout, "differs:", d)
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(stdout, "statistics BROKEN: %d of the dashboards' counts differ from the cases\n", n)
		return exitError(1)
	}
	fmt.Fprintln(stdout, "statistics intact: the dashboards' counts equal a count of the cases")
	return nil
}
