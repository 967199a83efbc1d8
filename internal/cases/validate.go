package cases

import (
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// validateAnswers checks answers against a definition's questions.
// TODO(store): switch to def.ValidateAll once internal/service commits it.
func validateAnswers(def *service.Definition, a service.Answers) error {
	return requireAnswers(def.Pages, a)
}

// requireAnswers is the minimal check until ValidateAll lands: every required
// question has an answer.
func requireAnswers(pages []service.Page, a service.Answers) error {
	for _, p := range pages {
		for _, q := range p.Questions {
			if q.Validate.Required && a[q.ID].IsEmpty() {
				return fault.New(fault.Invalid, "%s: %s", q.ID, orDefault(q.Validate.RequiredMessage, "Enter "+q.Label))
			}
		}
	}
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
