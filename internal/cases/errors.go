package cases

import (
	"errors"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

func errNotFound(ref string) error { return fault.New(fault.NotFound, "case %s", ref) }

func errForbidden(format string, args ...any) error {
	return fault.New(fault.Forbidden, format, args...)
}

func errConflict(ref string) error {
	return fault.Wrap(fault.Conflict, errStale, "case "+ref+" has changed since it was read")
}

// ErrRestricted is in the chain of a refusal the access policy gives only
// because processing of the person's information is restricted (UK GDPR
// Art. 18), to someone who could otherwise see the case: pages show the
// notice in place of the case.
var ErrRestricted = errors.New(access.RestrictedReason)

// refused is the error for a refusal d of case ref: fault.Forbidden with
// ErrRestricted when the restriction alone refused, otherwise
// fault.NotFound, so that a case p may not see is never revealed.
func refused(d access.Decision, ref string) error {
	if d.Reason == access.RestrictedReason {
		return fault.Wrap(fault.Forbidden, ErrRestricted, "Case "+ref+": "+access.RestrictedReason)
	}
	return errNotFound(ref)
}
