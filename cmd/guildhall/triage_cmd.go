package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// runTriage dispatches `guildhall triage <sub-command>`.
func runTriage(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "eval" {
		return runTriageEval(args[1:], getenv, stdout, stderr)
	}
	fmt.Fprintln(stderr, "Usage: guildhall triage eval [--services DIR] [--file FILE]")
	fmt.Fprintln(stderr, "\n  eval   train the triage model from the definitions and measure it on the bundled evaluation sets or FILE")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return nil
	}
	return errUsage
}

// runTriageEval prints top-1 and top-3 accuracy, "don't know" accuracy on
// out-of-scope requests, the confusions and the latency per request on one
// core (GOMAXPROCS 1, one request after another).
func runTriageEval(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("triage eval", "Train the triage model from the service definitions and measure it. FILE has one \"service-id<TAB>text\" a line, \"-\" for out of scope.", stderr)
	var cfg platform.Config
	str(fs, getenv, &cfg.ServicesDir, "services", "GUILDHALL_SERVICES", "", "folder of service definitions; empty means the bundled services")
	file := fs.String("file", "", "evaluation file (default: the bundled evaluation and hold-out sets)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cat, err := service.LoadDir(cfg.DefinitionsFS())
	if err != nil {
		return err
	}
	sets, err := evalSets(*file)
	if err != nil {
		return err
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	start := time.Now()
	m := triage.Train(cat.All(), nil, time.Now())
	fmt.Fprintf(stdout, "model: %s\ntrained in %s\n", m.Describe(), time.Since(start).Round(time.Millisecond))
	for _, s := range sets {
		fmt.Fprintf(stdout, "\n== %s\n", s.name)
		triage.Evaluate(m, s.cases, service.AudiencePublic, time.Now).Write(stdout)
	}
	return nil
}

type evalSet struct {
	name  string
	cases []triage.Case
}

func evalSets(file string) ([]evalSet, error) {
	if file == "" {
		return []evalSet{{"hold-out set (written after tuning, never used since)", triage.HoldoutSet()},
			{"evaluation set (written first; read while tuning)", triage.EvaluationSet()}}, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	cs, err := triage.ReadCases(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return []evalSet{{file, cs}}, nil
}

// runAI dispatches `guildhall ai <sub-command>`.
func runAICmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "atrs" {
		return runATRS(args[1:], getenv, stdout, stderr)
	}
	fmt.Fprintln(stderr, "Usage: guildhall ai atrs [--services DIR] [serve's AI flags]")
	fmt.Fprintln(stderr, "\n  atrs   print the Algorithmic Transparency Recording Standard record of the AI features this configuration switches on")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return nil
	}
	return errUsage
}

// runATRS prints the transparency record for the configuration, with the
// figures measured now.
func runATRS(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("ai atrs", "Print the algorithmic transparency record (Markdown) for the AI features this configuration switches on.", stderr)
	var cfg platform.Config
	str(fs, getenv, &cfg.ServicesDir, "services", "GUILDHALL_SERVICES", "", "folder of service definitions; empty means the bundled services")
	bindAIFlags(fs, getenv, &cfg.AI)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.AI.Validate(); err != nil {
		return err
	}
	cat, err := service.LoadDir(cfg.DefinitionsFS())
	if err != nil {
		return err
	}
	rec := triage.ATRS{Generated: time.Now(), Setup: cfg.AI.Setup()}
	if cfg.AI.Triage {
		defs := slices.DeleteFunc(cat.All(), func(d *service.Definition) bool { return slices.Contains(cfg.AI.Exclude, d.ID) })
		m := triage.Train(defs, nil, time.Now())
		rec.Model, rec.Figures = m.Describe(), triage.Measure(m)
	}
	_, err = io.WriteString(stdout, rec.Markdown())
	return err
}
