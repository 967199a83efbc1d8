package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
)

// runAudit is "guildhall audit verify" (check the whole hash chain and name
// the first broken entry) and "guildhall audit export" (CSV or JSON lines).
func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export" && args[0] != "key") {
		fmt.Fprintln(stderr, "Usage: guildhall audit verify|export|key [flags]   (guildhall audit verify --help)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	if args[0] == "export" {
		return runAuditExport(ctx, args[1:], getenv, stdout, stderr)
	}
	if args[0] == "key" {
		return runAuditKey(args[1:], getenv, stdout, stderr)
	}
	return runAuditVerify(ctx, args[1:], getenv, stdout, stderr)
}

// runAuditVerify checks the chain with the audit key and against the signed
// checkpoints, prints every problem with the entry it concerns, and exits 1
// when anything is wrong.
func runAuditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit verify", "Check the audit log: every entry's keyed hash and link, and the signed checkpoints written\noutside the database (a trimmed tail, an emptied log, rewritten entries). Exit status 1 names\nwhat is wrong and at which entry.", stderr)
	var c config
	c.bindStore(fs, getenv)
	c.bindCheckpoints(fs, getenv)
	noCheckpoints := fs.Bool("no-checkpoints", false, "check the keyed chain only, not against the checkpoint file (for a restored backup, whose log legitimately ends before the newest checkpoints)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	key, err := audit.LoadKey(c.AuditKeyPath())
	if err != nil {
		return fmt.Errorf("%w: audit verify needs the audit key file (--audit-key)", err)
	}
	st, err := openReady(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	var cps map[int64]audit.Checkpoint
	var bad []audit.Problem
	missing := false
	if !*noCheckpoints {
		cps, bad, err = audit.ReadCheckpoints(c.CheckpointPath(), key)
		missing = errors.Is(err, os.ErrNotExist)
		if err != nil && !missing {
			return fmt.Errorf("audit checkpoints: %w", err)
		}
	}
	r, err := (&audit.Service{Store: st, Key: key}).Verify(ctx, cps)
	if err != nil {
		return err
	}
	r.Problems = append(bad, r.Problems...)
	if missing && r.Entries > 0 {
		r.Problems = append(r.Problems, audit.Problem{Reason: "no checkpoint file at " + c.CheckpointPath() +
			": a trimmed tail, an emptied log or a log rewritten with plain hashes cannot be detected (serve writes it; give its place with --audit-checkpoints)"})
	}
	printReport(stdout, r, c.CheckpointPath(), key)
	if *noCheckpoints {
		fmt.Fprintln(stdout, "  checkpoints not checked (--no-checkpoints): a trimmed tail or an emptied log would not be found")
	}
	if !r.Intact() {
		return exitError(1)
	}
	return nil
}

func printReport(w io.Writer, r audit.Report, cpPath string, key *audit.Key) {
	if r.Intact() {
		fmt.Fprintf(w, "audit log intact: %d entries verified\n", r.Entries)
	} else {
		first := r.Problems[0]
		fmt.Fprintf(w, "audit log BROKEN at entry %d: %s\n", first.Seq, first.Reason)
	}
	switch {
	case r.Entries == 0:
	case r.FirstKeyed == 0:
		fmt.Fprintf(w, "  no entry is keyed yet: %d entries use the plain hash of earlier releases\n", r.Legacy)
	case r.Legacy > 0:
		fmt.Fprintf(w, "  keyed (HMAC-SHA256, key %s) from entry %d; the %d entries before it use the plain hash of earlier releases and are held in place by it\n", key.ID(), r.FirstKeyed, r.Legacy)
	default:
		fmt.Fprintf(w, "  keyed (HMAC-SHA256, key %s) from entry %d\n", key.ID(), r.FirstKeyed)
	}
	if r.Checkpoints > 0 {
		fmt.Fprintf(w, "  %d signed checkpoints in %s; the newest, of %s, records entry %d\n", r.Checkpoints, cpPath,
			r.LastCheckpoint.At.UTC().Format(time.RFC3339), r.LastCheckpoint.Seq)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintln(w, "problems:")
	}
	for _, g := range groupProblems(r.Problems) {
		switch {
		case g.from == 0:
			fmt.Fprintf(w, "  %s\n", g.reason)
		case g.from == g.to:
			fmt.Fprintf(w, "  entry %d: %s\n", g.from, g.reason)
		default:
			fmt.Fprintf(w, "  entries %d–%d: %s\n", g.from, g.to, g.reason)
		}
	}
}

type problemRun struct {
	from, to int64
	reason   string
}

// groupProblems joins problems of consecutive entries with the same reason, so that
// a log rewritten from entry 7 on reads as one line, not thousands.
func groupProblems(ps []audit.Problem) []problemRun {
	var out []problemRun
	for _, p := range ps {
		if n := len(out); n > 0 && p.Seq > 0 && out[n-1].reason == p.Reason && out[n-1].to+1 == p.Seq {
			out[n-1].to = p.Seq
			continue
		}
		out = append(out, problemRun{from: p.Seq, to: p.Seq, reason: p.Reason})
	}
	return out
}

// runAuditKey prints the audit key's id and the Ed25519 public key that
// verifies checkpoint signatures, for a SIEM; it never prints the secret.
func runAuditKey(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit key", "Print the audit key's id and the Ed25519 public key (hex) that verifies checkpoint signatures.\nA checkpoint's signature covers \"guildhall audit checkpoint v1\\n{seq}\\n{hash}\\n{count}\\n{at RFC 3339, UTC}\\n{key}\".", stderr)
	var c config
	c.bindStore(fs, getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	key, err := audit.LoadKey(c.AuditKeyPath())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "key id:     %s\npublic key: %s\n", key.ID(), hex.EncodeToString(key.PublicKey()))
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
