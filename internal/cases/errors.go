package cases

import "github.com/guildhall-platform/guildhall/internal/fault"

func errNotFound(ref string) error { return fault.New(fault.NotFound, "case %s", ref) }

func errForbidden(format string, args ...any) error {
	return fault.New(fault.Forbidden, format, args...)
}

func errConflict(ref string) error {
	return fault.Wrap(fault.Conflict, errStale, "case "+ref+" has changed since it was read")
}
