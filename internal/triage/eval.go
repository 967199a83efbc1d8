package triage

import (
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

//go:embed evaluation.tsv
var evaluationText string

//go:embed holdout.tsv
var holdoutText string

// Case is one evaluation phrasing and the service it needs ("" when no
// service does and the right answer is "don't know").
type Case struct {
	Text string
	Want string
}

// EvaluationSet returns the bundled evaluation phrasings. Training never
// sees them, but the definitions' examples were improved after reading its
// failures, so its figures are optimistic.
func EvaluationSet() []Case { return mustCases(evaluationText) }

// HoldoutSet returns phrasings written after the model was last changed and
// not used since: its figures are the honest ones.
func HoldoutSet() []Case { return mustCases(holdoutText) }

func mustCases(s string) []Case {
	cs, err := ReadCases(s)
	if err != nil {
		panic("triage: bundled evaluation set: " + err.Error()) // a build defect, caught by tests
	}
	return cs
}

// ReadCases parses an evaluation file: one "service-id<TAB>text" a line, "-"
// for out of scope, # comments. It fails with the line of the first bad row.
func ReadCases(s string) ([]Case, error) {
	var out []Case
	for n, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		want, text, ok := strings.Cut(l, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("line %d: want service-id, a tab, then the text", n+1)
		}
		if want == "-" {
			want = ""
		}
		out = append(out, Case{Text: strings.TrimSpace(text), Want: want})
	}
	return out, nil
}

// Report is what Evaluate measured.
type Report struct {
	InScope, Top1, Top3       int
	OutOfScope, DontKnowRight int
	// Confusion counts, for each wanted service ("" out of scope), what the
	// model answered first ("" for don't know).
	Confusion map[string]map[string]int
	Latencies []time.Duration // sorted
}

// Evaluate classifies every case for audience and counts the answers. Top-1
// is right only when the model is confident and first is right; top-3 counts
// the wanted service among the three shown, confident or not.
func Evaluate(m *Model, cases []Case, audience service.Audience, now func() time.Time) Report {
	r := Report{Confusion: map[string]map[string]int{}}
	for _, c := range cases {
		start := now()
		res := m.Classify(c.Text, audience)
		r.Latencies = append(r.Latencies, now().Sub(start))
		r.count(c, res)
	}
	slices.Sort(r.Latencies)
	return r
}

func (r *Report) count(c Case, res Result) {
	got := res.Top()
	if r.Confusion[c.Want] == nil {
		r.Confusion[c.Want] = map[string]int{}
	}
	r.Confusion[c.Want][got]++
	if c.Want == "" {
		r.OutOfScope++
		if res.DontKnow {
			r.DontKnowRight++
		}
		return
	}
	r.InScope++
	if got == c.Want {
		r.Top1++
	}
	if slices.ContainsFunc(res.Suggestions, func(s Suggestion) bool { return s.Service.ID == c.Want }) {
		r.Top3++
	}
}

// Top1Rate, Top3Rate and DontKnowRate are fractions between 0 and 1.
func (r Report) Top1Rate() float64     { return ratio(r.Top1, r.InScope) }
func (r Report) Top3Rate() float64     { return ratio(r.Top3, r.InScope) }
func (r Report) DontKnowRate() float64 { return ratio(r.DontKnowRight, r.OutOfScope) }

// Percentile returns the latency below which q (0 to 1) of requests fell.
func (r Report) Percentile(q float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	return r.Latencies[min(len(r.Latencies)-1, int(q*float64(len(r.Latencies))))]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Write prints the report as a person reads it: the figures, then every
// confusion (a wanted service answered as another).
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "in scope:      %d phrasings\n", r.InScope)
	fmt.Fprintf(w, "top-1:         %5.1f%% (%d)\n", 100*r.Top1Rate(), r.Top1)
	fmt.Fprintf(w, "top-3:         %5.1f%% (%d)\n", 100*r.Top3Rate(), r.Top3)
	fmt.Fprintf(w, "out of scope:  %d phrasings, \"don't know\" %5.1f%% (%d)\n", r.OutOfScope, 100*r.DontKnowRate(), r.DontKnowRight)
	fmt.Fprintf(w, "latency:       p50 %s, p95 %s, max %s\n", r.Percentile(0.5), r.Percentile(0.95), r.Percentile(1))
	fmt.Fprintln(w, "confusion (wanted -> answered first: count):")
	for _, line := range r.confusions() {
		fmt.Fprintln(w, "  "+line)
	}
}

func (r Report) confusions() []string {
	var out []string
	for want, gots := range r.Confusion {
		for got, n := range gots {
			if got != want {
				out = append(out, fmt.Sprintf("%s -> %s: %d", label(want), label(got), n))
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(a, b) })
	if len(out) == 0 {
		out = append(out, "none")
	}
	return out
}

func label(id string) string {
	if id == "" {
		return "(don't know)"
	}
	return id
}
