package web

import (
	"errors"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// validationErrors extracts the field errors of a *service.ValidationError.
func validationErrors(err error) []FieldError {
	var ve *service.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	return FromService(ve.Errors)
}

// FromService converts the service package's field errors for the error summary.
func FromService(fe service.FieldErrors) []FieldError {
	if len(fe) == 0 {
		return nil
	}
	out := make([]FieldError, len(fe))
	for i, e := range fe {
		out[i] = FieldError{Field: e.Field, Message: e.Message}
	}
	return out
}
