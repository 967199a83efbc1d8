package service

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// FieldError is one answer's problem: Field is the id of the form input the
// GOV.UK error summary links to ("dob-day" for a date), Message what the
// resident reads ("Date of birth must include a month").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors are a page's or a submission's errors, in the order the fields
// appear, as the GOV.UK error summary lists them.
type FieldErrors []FieldError

// Err returns the errors as a *ValidationError, or nil when there are none.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Errors: fe}
}

// Get returns the message for a field, "" when it has none.
func (fe FieldErrors) Get(field string) string {
	for _, e := range fe {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// ValidationError carries answer errors for the error summary; errors.Is(err,
// fault.Invalid) holds for it.
type ValidationError struct {
	Errors FieldErrors
}

// Error lists the messages.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, f := range e.Errors {
		msgs[i] = f.Field + ": " + f.Message
	}
	return "invalid answers: " + strings.Join(msgs, "; ")
}

// Unwrap returns fault.Invalid.
func (e *ValidationError) Unwrap() error { return fault.Invalid }

// PublicMessage is the list of field messages: written for the person answering.
func (e *ValidationError) PublicMessage() string { return e.Error() }
