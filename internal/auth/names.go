package auth

import (
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// checkPersonText refuses a person's name or email address that holds a
// control character (a NUL cannot be stored in PostgreSQL) or a
// bidirectional override or isolate (which would make a name read as
// another's in lists and the audit log); see service.CharacterProblem.
// label names the field in the message ("The person's full name").
func checkPersonText(label string, values ...string) error {
	for _, v := range values {
		switch service.CharacterProblem(v) {
		case service.ProblemControl:
			return fault.New(fault.Invalid, "%s must not include hidden control characters", label)
		case service.ProblemBidi:
			return fault.New(fault.Invalid, "%s must not include characters that change the direction of text", label)
		}
	}
	return nil
}
