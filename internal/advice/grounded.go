package advice

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// ErrUngrounded is returned by Grounded for an answer that says something
// its sources do not.
var ErrUngrounded = errors.New("the answer says something its sources do not")

var (
	quoted      = regexp.MustCompile(`["“]([^"”]{3,})["”]`)
	citation    = regexp.MustCompile(`\[\d+\]`)
	sentenceRun = regexp.MustCompile(`[^.!?]+[.!?]*`)
)

// minSupport is the share of a sentence's content words that must appear in
// the sources: high enough that a sentence cannot add a claim of its own, low
// enough for joining words a model adds ("so", "which").
const minSupport = 0.85

// Grounded checks a generated answer against the passages it was given:
// every quotation must be in a passage word for word, and every sentence must
// be made of the passages' words. It returns ErrUngrounded, wrapped with
// the first offending text, otherwise nil.
func Grounded(answer string, sources []Passage) error {
	var all strings.Builder
	for _, p := range sources {
		all.WriteString(p.Text + "\n")
	}
	text := strings.ToLower(strings.Join(strings.Fields(all.String()), " "))
	if strings.TrimSpace(answer) == "" {
		return fmt.Errorf("%w: the answer is empty", ErrUngrounded)
	}
	for _, m := range quoted.FindAllStringSubmatch(answer, -1) {
		if !strings.Contains(text, strings.ToLower(strings.Join(strings.Fields(m[1]), " "))) {
			return fmt.Errorf("%w: %q is not in the sources", ErrUngrounded, m[1])
		}
	}
	known := map[string]bool{}
	for _, w := range triage.Words(text) {
		known[w] = true
	}
	for _, s := range sentenceRun.FindAllString(citation.ReplaceAllString(answer, ""), -1) {
		if support(s, known) < minSupport {
			return fmt.Errorf("%w: %q", ErrUngrounded, strings.TrimSpace(s))
		}
	}
	return nil
}

func support(sentence string, known map[string]bool) float64 {
	ws := triage.Words(sentence)
	if len(ws) == 0 {
		return 1
	}
	n := 0
	for _, w := range ws {
		if known[w] {
			n++
		}
	}
	return float64(n) / float64(len(ws))
}

// Prompt is the instruction and question for a language model asked to
// answer only from the numbered passages, in language l (the one the
// resident chose). A Welsh answer is then held to the passages' words as an
// English one is, so it is used only when the passages it quotes are Welsh.
func Prompt(l lang.Tag, question string, quotes []Passage) (system, user string) {
	system = "You answer residents' questions for a UK council. Use only the numbered passages. " +
		"Quote or closely reuse their words, cite passages like [1], and add nothing they do not say. " +
		"If they do not answer the question, reply exactly: I don't know."
	if l == lang.Welsh {
		system += " The resident is using the council's Welsh service: write the answer in Welsh (Cymraeg), from the Welsh passages."
	}
	var b strings.Builder
	for i, q := range quotes {
		fmt.Fprintf(&b, "[%d] %s (%s)\n", i+1, q.Text, q.Title)
	}
	b.WriteString("\nQuestion: " + question)
	return system, b.String()
}
