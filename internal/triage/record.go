package triage

import (
	"crypto/sha256"
	"encoding/hex"
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

// Features lists every AI feature, in the order pages show them.
var Features = []string{FeatureTriage, FeatureRouting, FeatureAdvice, FeatureDraft}

// FeatureName is how pages name a feature to an administrator.
func FeatureName(feature string) string {
	switch feature {
	case FeatureTriage:
		return "Suggest this service to residents"
	case FeatureRouting:
		return "Suggest this service to officers routing enquiries"
	case FeatureAdvice:
		return "Quote this service's pages in answers to residents"
	case FeatureDraft:
		return "Draft replies with the language model"
	}
	return feature
}

// Switch is an AI feature an administrator switched off for a service.
type Switch struct {
	Feature, ServiceID string
	By                 string // the administrator's account id
	ByName             string // their name, where pages show it
	At                 time.Time
}

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
	ID           int64 // set when read back
	At           time.Time
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

// DraftDigest identifies a draft's text in the suggestion log without
// keeping it: the SHA-256 of the text with line endings and surrounding
// space made uniform, so a draft sent back from a browser's text box
// unchanged has the digest it was logged with.
func DraftDigest(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// SuggestedText is what was suggested, for people reading the log: service
// ids, or for a draft the start of its digest (the text is not kept).
func (r Record) SuggestedText() string {
	if r.Feature == FeatureDraft && len(r.Suggested) == 1 {
		return "draft " + shortDigest(r.Suggested[0])
	}
	return strings.Join(r.Suggested, ", ")
}

// ChosenText is what the person did, for people reading the log.
func (r Record) ChosenText() string {
	if r.Feature != FeatureDraft {
		return r.Chosen
	}
	switch r.Outcome {
	case OutcomeAccepted:
		return "sent as drafted"
	case OutcomeCorrected:
		return "sent after editing (" + shortDigest(r.Chosen) + ")"
	case OutcomeDeclined:
		return "discarded"
	}
	return ""
}

func shortDigest(d string) string {
	if d, ok := strings.CutPrefix(d, "sha256:"); ok && len(d) > 12 {
		return d[:12]
	}
	return d
}
