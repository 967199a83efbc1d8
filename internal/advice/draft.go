package advice

import (
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/triage"
)

// CaseFacts are what a draft reply may be written from: the case's own
// history as the officer sees it, already redacted where the service does
// not allow personal data to leave the machine.
type CaseFacts struct {
	Council string // the council's name, for the sign-off
	Service string // the service's name
	Ref     string
	State   string // the state's label
	Due     string // the statutory last day as it is shown, or ""
	Request string // what the resident or councillor wrote
	// History holds the timeline's notes and transition answers, oldest
	// first, each one line such as "12 March 2026, note to the resident: …".
	History []string
}

// DraftPrompt is the instruction and the facts for a language model asked
// to draft a reply an officer will edit. It asks for plain English, facts
// from the history only, and no promise the history does not make.
func DraftPrompt(f CaseFacts) (system, user string) {
	system = "You draft replies for officers of a UK council. The officer will check and edit your draft before " +
		"anything is sent. Write to the person who raised the case, in plain English, in short sentences, as GOV.UK " +
		"style asks. Use only the facts given below; do not invent dates, names, amounts, outcomes or promises. " +
		"Where a fact the reply needs is missing, write [officer to add: what is missing]. Do not sign with a name. " +
		"Reply with the text of the message only."
	var b strings.Builder
	fmt.Fprintf(&b, "Council: %s\nService: %s\nReference: %s\nCurrent status: %s\n", f.Council, f.Service, f.Ref, f.State)
	if f.Due != "" {
		fmt.Fprintf(&b, "Due by: %s\n", f.Due)
	}
	fmt.Fprintf(&b, "\nWhat they wrote:\n%s\n", strings.TrimSpace(f.Request))
	if len(f.History) > 0 {
		b.WriteString("\nWhat has happened so far:\n")
		for _, h := range f.History {
			b.WriteString("- " + h + "\n")
		}
	}
	return system, b.String()
}

// Words of a draft that are no evidence of a claim: the courtesies and
// connecting words of a letter, which a fact sheet never contains.
var letterWords = map[string]bool{}

func init() {
	for _, w := range triage.Words("dear thank thanks you your we our us regards kind sincerely hello writing write " +
		"contact contacting let know please apologise apologies sorry delay update updated hope helps help " +
		"questions question further information reply replying reference request enquiry council officer " +
		"add missing looked look looking into able will would can could need needs soon possible") {
		letterWords[w] = true
	}
}

// Unsupported lists the sentences of a draft whose content words are not
// found in the facts it was written from, so the officer is shown what to
// check first. It is a lexical test, not a proof: a draft can recombine
// true words into a false claim, which is why a person must approve it.
func Unsupported(draft string, f CaseFacts) []string {
	_, facts := DraftPrompt(f)
	known := map[string]bool{}
	for _, w := range triage.Words(strings.ToLower(facts)) {
		known[w] = true
	}
	for w := range letterWords {
		known[w] = true
	}
	var out []string
	for _, s := range sentenceRun.FindAllString(draft, -1) {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "[officer to add") {
			continue
		}
		if s != "" && support(s, known) < minSupport {
			out = append(out, s)
		}
	}
	return out
}
