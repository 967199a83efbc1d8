package cases

import (
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// validateSubmission checks a submission's answers. Errors about questions
// the channel could not ask (sub.Unasked) that were left unanswered are not
// refusals: their labels are returned as the case's gaps, in form order.
func validateSubmission(def *service.Definition, sub Submission, now time.Time) ([]string, error) {
	errs := def.ValidateAllAt(sub.Answers, now)
	var kept service.FieldErrors
	var gaps []string
	for _, fe := range errs {
		q := unaskedQuestion(def, sub, fe.Field)
		if q == nil {
			kept = append(kept, fe)
			continue
		}
		if label := strings.TrimSuffix(strings.TrimSpace(q.Label), "?"); !slices.Contains(gaps, label) {
			gaps = append(gaps, label)
		}
	}
	return gaps, kept.Err()
}

// unaskedQuestion is the unasked, unanswered question a field error is
// about (its field is the question id, or the id and a part: "address-line1").
func unaskedQuestion(def *service.Definition, sub Submission, field string) *service.Question {
	for _, id := range sub.Unasked {
		if field != id && !strings.HasPrefix(field, id+"-") {
			continue
		}
		if a, answered := sub.Answers[id]; answered && !a.IsEmpty() {
			return nil
		}
		if q, ok := def.Question(id); ok {
			return q
		}
	}
	return nil
}

// channelName names a channel in a sentence an officer reads.
func channelName(ch Channel) string {
	switch ch {
	case ChannelOpen311:
		return "Open311"
	case ChannelAPI:
		return "the API"
	}
	return string(ch)
}
