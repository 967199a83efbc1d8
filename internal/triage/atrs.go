package triage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Figure is one measured evaluation, for the transparency record.
type Figure struct {
	Set                  string
	InScope, OutOfScope  int
	Top1, Top3, DontKnow float64
	P95                  time.Duration
}

// Measure evaluates m on the bundled evaluation and hold-out sets.
func Measure(m *Model) []Figure {
	var out []Figure
	for _, s := range []struct {
		name  string
		cases []Case
	}{{lang.N("hold-out (never used in tuning)"), HoldoutSet()}, {lang.N("evaluation (read while tuning)"), EvaluationSet()}} {
		r := Evaluate(m, s.cases, service.AudiencePublic, time.Now)
		out = append(out, Figure{Set: s.name, InScope: r.InScope, OutOfScope: r.OutOfScope,
			Top1: r.Top1Rate(), Top3: r.Top3Rate(), DontKnow: r.DontKnowRate(), P95: r.Percentile(0.95)})
	}
	return out
}

// Setup is what is switched on, for the transparency record.
type Setup struct {
	Triage, Advice, Routing bool
	// Drafts: officers may ask the language model for a draft reply.
	Drafts bool
	// LanguageModel describes the external model ("" when off).
	LanguageModel string
	Contact       string // who to ask about the tools
	// Excluded are services an administrator keeps the features away from.
	Excluded []string
	// Off are single features switched off for single services (feature:service).
	Off []string
}

// ATRS is an Algorithmic Transparency Recording Standard record for the
// features in use, made from the configuration and the measured figures.
type ATRS struct {
	Generated time.Time
	Setup     Setup
	Model     string
	Figures   []Figure
}

// Markdown renders the record with the standard's headings (tier 1 summary,
// then tier 2 detail), for publishing on the council's website.
func (a ATRS) Markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# Algorithmic transparency record: Guildhall service suggestions and answers\n")
	w("Generated %s by `guildhall ai atrs` from the running configuration and measured figures.\n", a.Generated.Format("2 January 2006"))
	w("## Tier 1: summary\n")
	w("- **Name**: Guildhall \"Tell us what you need\" and enquiry routing help")
	w("- **What it does**: suggests which council service a request is for, quotes the council's published pages in answer to a question, and suggests the service and team for an officer routing a Member enquiry or case.")
	w("- **Why**: residents should not need to know the council's structure to ask for help; officers route enquiries faster and more consistently.")
	w("- **Features switched on**: %s", a.features())
	if len(a.Setup.Excluded) > 0 {
		w("- **Services excluded from the features**: %s", strings.Join(a.Setup.Excluded, ", "))
	}
	if len(a.Setup.Off) > 0 {
		w("- **Features switched off for single services**: %s", strings.Join(a.Setup.Off, ", "))
	}
	w("- **Contact**: %s\n", or(a.Setup.Contact, "the council's information governance team"))
	w("## Tier 2: detail\n")
	w("### Owner and responsibility\nThe council's service owner for the digital front door; the Senior Information Risk Owner approves the DPIA.\n")
	w("### How the tool works\nA multinomial logistic regression over words, word pairs and character n-grams, trained inside Guildhall on the council's service definitions (names, summaries, keywords, example requests in English and Welsh), a list of topics no service handles, and officers' routing decisions. It runs on the council's own server; no text leaves it. Current model: %s. Answers to questions are passages quoted word for word from published pages, ranked by BM25, never generated text.\n", a.Model)
	w("### Language model\n%s\n", a.llm())
	w("### Human oversight\nA resident chooses whether to use a suggested service, and can always see every service or make a general enquiry. An officer routing an enquiry sees suggestions with reasons and likelihoods but must choose the service; nothing is moved or sent automatically. A draft reply from the language model is shown to the officer with the sentences the case history does not support marked; it is sent only when the officer sends it, and the timeline and audit log record that it was drafted by a model and whether the officer changed it. Every suggestion and the choice made is logged (without the resident's words) and can be read by auditors.\n")
	w("### Data\nResidents' requests are classified in memory and not stored. Officers' routing decisions are stored as training examples after email addresses, phone numbers, postcodes, National Insurance and long numbers are removed; names written in free text are not removed. Administrators review them at /workspace/ai-examples and delete any that should not be kept; the model is retrained at once and forgets them. Administrators switch each feature off for any service at /workspace/ai-switches; every change is audited.\n")
	w("### Performance\n")
	w("| Set | In scope | Top-1 | Top-3 | Out of scope | \"Don't know\" right | p95 latency |")
	w("|---|---|---|---|---|---|---|")
	for _, f := range a.Figures {
		w("| %s | %d | %.1f%% | %.1f%% | %d | %.1f%% | %s |", f.Set, f.InScope, 100*f.Top1, 100*f.Top3, f.OutOfScope, 100*f.DontKnow, f.P95.Round(time.Microsecond))
	}
	w("\nTargets: top-1 at least 90%%, top-3 at least 98%%, \"don't know\" right for at least 80%% of out-of-scope requests.\n")
	w("### Risks and how they are handled\n- A wrong suggestion sends a resident to the wrong form: three suggestions with reasons are shown, and every service stays one click away.\n- Out-of-scope requests answered confidently: a background class and a threshold chosen by cross-validation; measured above.\n- Bias against ways of writing (dialect, Welsh, spelling): evaluation includes typos, slang and Welsh; Welsh coverage is thinner than English.\n- Personal data in training examples: pattern redaction; residents' text is never kept; names in officers' examples are not yet removed (see Data).\n- A language model inventing facts: its answer is shown only if every sentence is made of the quoted passages' words and every quotation is in them; otherwise only the passages are shown.")
	return b.String()
}

func (a ATRS) features() string {
	var on []string
	for name, yes := range map[string]bool{"service suggestions": a.Setup.Triage, "quoted answers": a.Setup.Advice, "routing help": a.Setup.Routing, "draft replies for officers": a.Setup.Drafts} {
		if yes {
			on = append(on, name)
		}
	}
	if len(on) == 0 {
		return "none"
	}
	slices.Sort(on)
	return strings.Join(on, ", ")
}

func (a ATRS) llm() string {
	if a.Setup.LanguageModel == "" {
		return "None is used (off by default)."
	}
	return "Configured: " + a.Setup.LanguageModel + ". For residents it only rewords passages already quoted; personal data patterns are removed from the question before it is sent, and an answer that is not grounded in the passages is discarded. For officers it drafts replies from a case's own history (personal data patterns removed unless the administrator allows them for that service); a draft is never sent without an officer's action."
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
