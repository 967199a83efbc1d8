package people

import (
	"regexp"
	"strings"
)

// Redaction is a name in free text, not the subject's, marked for an
// information governance officer to review before release.
type Redaction struct {
	// Where says which case and field ("K7QD-M2XH answers.description").
	Where string `json:"where"`
	Name  string `json:"name"`
}

// nameRun finds runs of capitalised words, optionally after a title: the
// shape of a person's name in English free text.
var nameRun = regexp.MustCompile(`\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor)\.?\s+)?[A-Z][\pL'’-]+(?:\s+[A-Z][\pL'’-]+)*`)

var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "cllr": true, "councillor": true}

// notNames are capitalised words that start sentences or name places and
// things rather than people; a run is trimmed of them at its start, and a
// run holding one after its start is a place, not a person.
var notNames = toSet(`the a an this that my our your his her their i we he she they it on in at
when yesterday today tomorrow last next after before since please dear hello hi thanks thank
street road avenue lane close drive way court place square crescent grove gardens park terrace
house flat council borough city county school hospital church centre center library station
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december uk england wales scotland britain`)

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Redactor marks third parties' names in free text for review.
type Redactor struct {
	subject map[string]bool
}

// NewRedactor makes a redactor that leaves the subject's names alone (any
// of the given names, split into words).
func NewRedactor(subjectNames ...string) Redactor {
	r := Redactor{subject: map[string]bool{}}
	for _, n := range subjectNames {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			r.subject[w] = true
		}
	}
	return r
}

// Mark wraps every name in text that is not the subject's in a visible
// "[REDACT? name]" marker and returns the names marked, in order.
func (r Redactor) Mark(text string) (string, []string) {
	var names []string
	out := nameRun.ReplaceAllStringFunc(text, func(run string) string {
		lead, name := r.split(run)
		if name == "" {
			return run
		}
		names = append(names, name)
		return lead + "[REDACT? " + name + "]"
	})
	return out, names
}

// split separates a run into leading words that are not names and the name
// that follows ("" when the rest is not a third party's name).
func (r Redactor) split(run string) (lead, name string) {
	words := strings.Fields(run)
	i := 0
	for i < len(words) && notNames[strings.ToLower(words[i])] {
		i++
	}
	rest := words[i:]
	lead = strings.Join(words[:i], " ")
	if lead != "" {
		lead += " "
	}
	if len(rest) == 0 || (len(rest) == 1 && !titles[strings.ToLower(strings.TrimSuffix(words[0], "."))]) {
		return "", "" // one capitalised word alone is too often not a name
	}
	own := true
	for _, w := range rest {
		lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"), "."))
		if notNames[lw] {
			return "", ""
		}
		if !titles[lw] && !r.subject[lw] {
			own = false
		}
	}
	if own {
		return "", ""
	}
	return lead, strings.Join(rest, " ")
}
