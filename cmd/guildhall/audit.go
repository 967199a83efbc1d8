package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// runAudit is "guildhall audit verify" (check the whole hash chain and name
// the first broken entry) and "guildhall audit export" (CSV or JSON lines).
func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		fmt.Fprintln(stderr, "Usage: guildhall audit verify|export [flags]   (guildhall audit verify --help)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	if args[0] == "export" {
		return runAuditExport(ctx, args[1:], getenv, stdout, stderr)
	}
	fs := newFlagSet("audit verify", "Check every entry of the audit log's hash chain; exit status 1 names the first broken entry.", stderr)
	var c config
	c.bindStore(fs, getenv)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	st, err := openForTool(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Ready(ctx); err != nil {
		return err
	}
	n, err := (&audit.Service{Store: st}).VerifyAll(ctx)
	var broken *audit.BrokenError
	if errors.As(err, &broken) {
		fmt.Fprintf(stdout, "audit log BROKEN at entry %d: %s (%d entries before it verified)\n", broken.Seq, broken.Reason, n-1)
		return exitError(1)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit log intact: %d entries verified\n", n)
	return nil
}

func runAuditExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit export", "Write audit entries to standard output as CSV or JSON lines.", stderr)
	var c config
	c.bindStore(fs, getenv)
	format := fs.String("format", "csv", "csv or jsonl")
	var f audit.Filter
	fs.StringVar(&f.Actor, "actor", "", "only entries by this user id")
	fs.StringVar(&f.Subject, "subject", "", "only entries about this subject (a case reference)")
	fs.StringVar(&f.Action, "action", "", "only entries of this action (case.view, signin …)")
	from := fs.String("from", "", "only entries at or after this date (YYYY-MM-DD, UTC)")
	to := fs.String("to", "", "only entries before this date (YYYY-MM-DD, UTC)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != string(audit.CSV) && *format != string(audit.JSONLines) {
		fmt.Fprintf(stderr, "--format %q: use csv or jsonl\n", *format)
		return errUsage
	}
	var err error
	if f.From, err = parseDay(*from); err != nil {
		return err
	}
	if f.To, err = parseDay(*to); err != nil {
		return err
	}
	st, err := openForTool(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = (&audit.Service{Store: st}).Export(ctx, stdout, f, audit.Format(*format))
	return err
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, fmt.Errorf("date %q: use YYYY-MM-DD", s)
	}
	return t, nil
}
