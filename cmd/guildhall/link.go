package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// linkFlags are the options of `guildhall link`.
type linkFlags struct {
	config, left, right, out, clusters string
	truth, truthPattern                string
	explain                            []string
	workers                            int
}

const linkUsage = `usage: guildhall link --config link.yaml --left a.csv [--right b.csv] [--out pairs.csv]
       [--clusters clusters.csv] [--explain ID1 ID2] [--truth COLUMN [--truth-pattern REGEX]]

Deduplicates --left, or links it to --right, with the Fellegi–Sunter model
(parameters estimated by EM, no labels needed). --truth names a ground-truth
column (never used for matching) to report precision, recall and F1;
--truth-pattern takes the entity from the first group of a regular expression.`

// runLink is the `link` sub-command.
func runLink(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lf, err := parseLinkFlags(args, stdout, stderr)
	if err != nil {
		return err
	}
	// Linking a million records holds ~1 GiB of long-lived strings; the
	// default GC would rescan them every few hundred MiB. Collect rarely, but
	// never let the heap pass 3 GiB (the budget is 4 GiB).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(3 << 30))
	cfg, settings, err := loadLinkConfig(lf.config)
	if err != nil {
		return err
	}
	left, right, err := readLinkInputs(lf, cfg.ID)
	if err != nil {
		return err
	}
	truth, err := checkLinkInputs(lf, cfg, left, right)
	if err != nil {
		return err
	}
	settings.Workers = lf.workers
	cpu := setLinkHooks(&settings, stdout, stderr)
	res, err := linkRun(ctx, left, right, settings)
	if err != nil {
		return err
	}
	printParameters(stdout, res.Model)
	printSummary(stdout, res, left.Len()+rightLen(right), *cpu)
	reportTruth(stdout, lf.truth, truth, res)
	if err := writeLinkOutputs(lf, res); err != nil {
		return err
	}
	if lf.explain != nil {
		return explainPair(stdout, res.Model, lf.explain[0], lf.explain[1])
	}
	return nil
}

// setLinkHooks prints the blocking report before scoring, draws a progress
// bar when stderr is a terminal, and times the CPU used while comparing.
func setLinkHooks(s *linkage.Settings, stdout, stderr io.Writer) *cpuSpan {
	cpu := &cpuSpan{}
	maxBlock := s.MaxBlock
	if maxBlock <= 0 {
		maxBlock = linkage.DefaultMaxBlock
	}
	s.Blocked = func(st []linkage.RuleStats) {
		printBlocking(stdout, st, maxBlock)
		cpu.start, _ = processCPU()
	}
	var bar func(done, total int64)
	if isTerminal(stderr) { // only a terminal gets a progress bar
		bar = progressBar(stderr)
	}
	s.Progress = func(done, total int64) {
		if bar != nil {
			bar(done, total)
		}
		if done >= total {
			cpu.end, cpu.ok = processCPU()
		}
	}
	return cpu
}

// parseLinkFlags reads the flags; --explain takes two values, which the flag package cannot.
func parseLinkFlags(args []string, stdout, stderr io.Writer) (linkFlags, error) {
	var lf linkFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		if a := args[i]; a == "--explain" || a == "-explain" {
			if i+2 >= len(args) {
				fmt.Fprintln(stderr, "link: --explain needs two record IDs")
				return lf, errUsage
			}
			lf.explain = args[i+1 : i+3]
			i += 2
			continue
		}
		rest = append(rest, args[i])
	}
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), linkUsage); fs.PrintDefaults() }
	for _, a := range rest {
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			fs.SetOutput(stdout) // asked for: help is the output, not an error
		}
	}
	fs.StringVar(&lf.config, "config", "", "YAML linkage configuration (required)")
	fs.StringVar(&lf.left, "left", "", "CSV of records to deduplicate, or the left table to link (required)")
	fs.StringVar(&lf.right, "right", "", "CSV of the right table: link instead of deduplicate")
	fs.StringVar(&lf.out, "out", "", "write matching pairs to this CSV")
	fs.StringVar(&lf.clusters, "clusters", "", "write one cluster number per record to this CSV")
	fs.StringVar(&lf.truth, "truth", "", "ground-truth column, for precision/recall/F1 only")
	fs.StringVar(&lf.truthPattern, "truth-pattern", "", "regular expression whose first group is the entity in --truth")
	fs.IntVar(&lf.workers, "workers", runtime.GOMAXPROCS(0), "scoring goroutines")
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return lf, exitError(0)
		}
		return lf, errUsage
	}
	if lf.config == "" || lf.left == "" || fs.NArg() > 0 {
		fs.Usage()
		return lf, errUsage
	}
	return lf, nil
}

func loadLinkConfig(path string) (*linkage.Config, linkage.Settings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, linkage.Settings{}, fmt.Errorf("link: %w", err)
	}
	cfg, err := linkage.ParseConfig(data)
	if err != nil {
		return nil, linkage.Settings{}, fmt.Errorf("link: %s: %w", path, err)
	}
	s, err := cfg.Settings()
	return cfg, s, err
}

func readLinkInputs(lf linkFlags, id string) (*linkage.Records, *linkage.Records, error) {
	left, err := readRecords(lf.left, id)
	if err != nil || lf.right == "" {
		return left, nil, err
	}
	right, err := readRecords(lf.right, id)
	return left, right, err
}

func readRecords(path, id string) (*linkage.Records, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	defer f.Close()
	recs, err := linkage.ReadCSV(bufio.NewReaderSize(f, 1<<20), id)
	var ie *linkage.InputError
	if errors.As(err, &ie) {
		return nil, fmt.Errorf("link: %s:%d: %s", path, ie.Line, ie.Msg)
	}
	if err != nil {
		return nil, fmt.Errorf("link: %s: %w", path, err)
	}
	return recs, nil
}

func rightLen(r *linkage.Records) int {
	if r == nil {
		return 0
	}
	return r.Len()
}

func linkRun(ctx context.Context, left, right *linkage.Records, s linkage.Settings) (*linkage.Result, error) {
	if right == nil {
		return linkage.Dedupe(ctx, left, s)
	}
	return linkage.Link(ctx, left, right, s)
}

func printBlocking(w io.Writer, st []linkage.RuleStats, maxBlock int) {
	fmt.Fprintln(w, "Blocking rules (pairs each generates, before scoring):")
	var total int64
	for _, r := range st {
		fmt.Fprintf(w, "  %-40s %14s pairs  largest block %d\n", r.Rule, group(r.Pairs), r.LargestBlock)
		if r.Capped > 0 {
			fmt.Fprintf(w, "  %-40s %14s pairs  NOT compared: %d blocks over the cap of %d records (%s records, largest %d)\n",
				"", group(r.CappedPairs), r.Capped, maxBlock, group(r.CappedRecords), r.LargestCapped)
		}
		total += r.Pairs
	}
	fmt.Fprintf(w, "  %-40s %14s pairs\n\n", "total (before removing overlaps)", group(total))
}

// printParameters prints m, u and the match weight of every level, with a
// bar chart of the weights centred on zero like Splink's.
func printParameters(w io.Writer, m *linkage.Model) {
	fmt.Fprintf(w, "Estimated parameters (EM, %d iterations): λ = %.6f, prior weight %+.2f\n", m.Iterations, m.Lambda, m.PriorWeight())
	fmt.Fprintf(w, "  %-24s %9s %9s %9s %7s\n", "comparison / level", "m", "u", "u random", "weight")
	for _, c := range m.Comparisons {
		tf := ""
		if c.TermFrequency {
			tf = "  (term-frequency adjusted on exact)"
		}
		fmt.Fprintf(w, "  %s [%s]%s\n", c.Name, c.Kind, tf)
		for l := len(c.Levels) - 1; l >= 1; l-- {
			lv := c.Levels[l]
			fmt.Fprintf(w, "    %-22s %9.5f %9.5f %9.5f %+7.2f %s\n", lv.Label, lv.M, lv.U, lv.URandom, lv.Weight, bar(lv.Weight))
		}
	}
	fmt.Fprintln(w)
}

// bar draws weight as # marks left (negative) or right (positive) of a | at zero.
func bar(weight float64) string {
	const half = 20
	n := min(int(math.Round(math.Abs(weight))), half)
	if weight < 0 {
		return strings.Repeat(" ", half-n) + strings.Repeat("#", n) + "|"
	}
	return strings.Repeat(" ", half) + "|" + strings.Repeat("#", n)
}

func printSummary(w io.Writer, res *linkage.Result, n int, cpu cpuSpan) {
	t := res.Timing
	fmt.Fprintf(w, "Records:            %s\n", group(int64(n)))
	fmt.Fprintf(w, "Candidate pairs:    %s compared\n", group(res.Candidates))
	for _, r := range res.Blocking {
		fmt.Fprintf(w, "  %-40s %14s new pairs\n", r.Rule, group(r.New))
	}
	rate := float64(res.Candidates) / t.Compare.Seconds()
	fmt.Fprintf(w, "Comparison rate:    %s pairs/s (%s pairs/s per core, %d cores)\n", group(int64(rate)),
		group(int64(rate/float64(runtime.GOMAXPROCS(0)))), runtime.GOMAXPROCS(0))
	if used := (cpu.end - cpu.start).Seconds(); cpu.ok && used >= 0.5 { // ticks are 10 ms: shorter spans mislead
		fmt.Fprintf(w, "                    %s comparisons per CPU-second (each pair is compared twice, to estimate and to score: %.2f CPU-s; little affected by other load)\n",
			group(int64(2*float64(res.Candidates)/used)), used)
	}
	fmt.Fprintf(w, "Matches:            %s pairs at probability >= %.2f; %s clusters\n", group(int64(len(res.Pairs))),
		res.Model.Threshold, group(int64(clusterCount(res.Clusters))))
	fmt.Fprintf(w, "Wall time:          %v (encode+block %v, compare %v, estimate %v, score+cluster %v)\n",
		t.Total.Round(time.Millisecond), t.Encode.Round(time.Millisecond), t.Compare.Round(time.Millisecond),
		t.Estimate.Round(time.Millisecond), t.Score.Round(time.Millisecond))
}

func clusterCount(c []int32) int {
	var top int32 = -1
	for _, v := range c {
		top = max(top, v)
	}
	return int(top) + 1
}

// reportTruth prints precision, recall and F1 when a ground-truth column is given.
func reportTruth(w io.Writer, column string, truth []string, res *linkage.Result) {
	if truth == nil {
		return
	}
	p := linkage.EvaluatePairs(res.Pairs, truth, res.NLeft)
	c := linkage.EvaluateClusters(res.Clusters, truth, res.NLeft)
	fmt.Fprintf(w, "Ground truth:       %s true pairs (column %s)\n", group(p.TruePairs), column)
	fmt.Fprintf(w, "  pairwise:  precision %.4f  recall %.4f  F1 %.4f  (%d TP of %d predicted)\n", p.Precision, p.Recall, p.F1, p.TP, p.Predicted)
	fmt.Fprintf(w, "  clusters:  precision %.4f  recall %.4f  F1 %.4f  (%d TP of %d implied pairs)\n", c.Precision, c.Recall, c.F1, c.TP, c.Predicted)
}

func writeLinkOutputs(lf linkFlags, res *linkage.Result) error {
	if lf.out != "" {
		if err := writeCSV(lf.out, func(w *bufio.Writer) { writePairs(w, res) }); err != nil {
			return err
		}
	}
	if lf.clusters != "" {
		return writeCSV(lf.clusters, func(w *bufio.Writer) { writeClusters(w, res) })
	}
	return nil
}

func writeCSV(path string, fill func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("link: write %s: %w", path, err)
	}
	return f.Close()
}

func writePairs(w *bufio.Writer, res *linkage.Result) {
	w.WriteString("id_l,id_r,match_weight,match_probability\n")
	buf := make([]byte, 0, 128)
	for _, p := range res.Pairs {
		buf = appendCSVField(buf[:0], res.Records.IDs[p.A])
		buf = append(buf, ',')
		buf = appendCSVField(buf, res.Records.IDs[p.B])
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, float64(p.Weight), 'f', 3, 32)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, float64(p.Probability), 'f', 6, 32)
		w.Write(append(buf, '\n'))
	}
}

func writeClusters(w *bufio.Writer, res *linkage.Result) {
	w.WriteString("id,cluster\n")
	buf := make([]byte, 0, 64)
	for i, c := range res.Clusters {
		buf = appendCSVField(buf[:0], res.Records.IDs[i])
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(c), 10)
		w.Write(append(buf, '\n'))
	}
}

func appendCSVField(buf []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(buf, s...)
	}
	return append(append(append(buf, '"'), strings.ReplaceAll(s, `"`, `""`)...), '"')
}

// explainPair prints why two records did or did not match.
func explainPair(w io.Writer, m *linkage.Model, id1, id2 string) error {
	i, ok1 := m.Lookup(id1)
	j, ok2 := m.Lookup(id2)
	if !ok1 || !ok2 {
		return fmt.Errorf("link: --explain: record %q or %q not found", id1, id2)
	}
	ex, err := m.Explain(i, j)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nExplain %s vs %s\n", ex.Left, ex.Right)
	fmt.Fprintf(w, "  %-16s %-24s %-24s %-16s %7s %6s\n", "comparison", "left", "right", "level", "weight", "tf")
	fmt.Fprintf(w, "  %-16s %-24s %-24s %-16s %+7.2f\n", "prior", "", "", "", ex.Prior)
	for _, f := range ex.Fields {
		fmt.Fprintf(w, "  %-16s %-24s %-24s %-16s %+7.2f %+6.2f %s\n", f.Name, clip(f.Left), clip(f.Right), f.Level, f.Weight, f.TF, bar(f.Weight+f.TF))
	}
	verdict := "NOT a match"
	if ex.Match {
		verdict = "a match"
	}
	fmt.Fprintf(w, "  total weight %+.2f, probability %.4f: %s\n", ex.Weight, ex.Probability, verdict)
	if len(ex.Rules) == 0 {
		fmt.Fprintln(w, "  no blocking rule compares this pair, so it is never scored")
	} else {
		fmt.Fprintf(w, "  compared by blocking rules: %s\n", strings.Join(ex.Rules, "; "))
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:23]) + "…"
	}
	return s
}

// cpuSpan is the process CPU time at the start and end of comparing.
type cpuSpan struct {
	start, end time.Duration
	ok         bool
}

// processCPU returns the user+system CPU time of this process from
// /proc/self/stat, so a rate per CPU-second can be given even when other
// processes share the cores. ok is false where /proc is absent.
func processCPU() (time.Duration, bool) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // after the command name, field 3 on
	if len(f) < 13 {
		return 0, false
	}
	user, err1 := strconv.ParseInt(f[11], 10, 64) // field 14, utime
	sys, err2 := strconv.ParseInt(f[12], 10, 64)  // field 15, stime
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(user+sys) * 10 * time.Millisecond, true // clock ticks are 1/100 s on Linux
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// progressBar returns a Progress hook that redraws one line on w.
func progressBar(w io.Writer) func(done, total int64) {
	var start time.Time
	return func(done, total int64) {
		if start.IsZero() {
			start = time.Now() // the first call comes as comparing starts
		}
		frac := 1.0
		if total > 0 {
			frac = min(max(float64(done)/float64(total), 0), 1)
		}
		n := int(frac * 30)
		rate := float64(done) / max(time.Since(start).Seconds(), 1e-9)
		fmt.Fprintf(w, "\r[%s%s] %3.0f%% %s/%s pairs %s/s ", strings.Repeat("#", n), strings.Repeat(" ", 30-n),
			frac*100, group(done), group(total), group(int64(rate)))
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
