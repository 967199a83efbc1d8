package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// validateAnswers checks and normalises answers against a definition's
// questions (in place). Errors: *service.ValidationError (fault.Invalid).
func validateAnswers(def *service.Definition, a service.Answers, now time.Time) error {
	return def.ValidateAllAt(a, now).Err()
}

// validateFields checks a transition's fields as if they were one page.
func validateFields(t service.Transition, fields service.Answers, now time.Time) error {
	if len(t.Fields) == 0 {
		return nil
	}
	def := &service.Definition{Pages: []service.Page{{ID: t.ID, Questions: t.Fields}}}
	return validateAnswers(def, fields, now)
}
