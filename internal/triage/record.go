package triage

import (
	"strings"
	"time"
)

// Features whose suggestions are logged.
const (
	FeatureTriage  = "triage"  // the front door's "Tell us what you need"
	FeatureRouting = "routing" // an officer routing an enquiry or case
	FeatureAdvice  = "advice"  // an answer quoted from published content
	FeatureDraft   = "draft"   // a language model's draft for an officer
)

// Outcomes of a logged suggestion: what the person did with it.
const (
	OutcomeAccepted  = "accepted"  // took the first suggestion
	OutcomeOther     = "other"     // took another of the suggestions
	OutcomeCorrected = "corrected" // chose a service not suggested first, as an officer
	OutcomeDeclined  = "declined"  // chose none
)

// Record is one logged AI suggestion and, once a person acted, its outcome.
// It holds no resident's text: only what was suggested and what was chosen.
type Record struct {
	ID        int64
	At        time.Time
	Feature   string
	CaseRef   string   // the case routed, when there was one
	Suggested []string // service ids, best first; empty when the model did not know
	DontKnow  bool
	Model     string // Describe of the model, so a decision can be traced to it
	Outcome   string
	Chosen    string // service id chosen
	Actor     string // user id of the officer, empty for residents
	DecidedAt time.Time
}

// SuggestedList joins the suggestions for storage.
func (r Record) SuggestedList() string { return strings.Join(r.Suggested, " ") }

// Correction is an officer's decision that a text belongs to a service: the
// labelled example the model learns from.
type Correction struct {
	SuggestionID int64 // the logged suggestion it answers, or 0
	CaseRef      string
	Text         string // redacted
	ServiceID    string
	Officer      string
}

// OutcomeOf says what a choice made of a suggestion list.
func OutcomeOf(suggested []string, chosen string) string {
	switch {
	case chosen == "":
		return OutcomeDeclined
	case len(suggested) > 0 && suggested[0] == chosen:
		return OutcomeAccepted
	}
	for _, s := range suggested {
		if s == chosen {
			return OutcomeOther
		}
	}
	return OutcomeCorrected
}
