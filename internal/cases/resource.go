package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
)

// Resource describes c to the access policy exactly as the case service's
// own read paths do, for other services (the single view, subject access)
// that list cases and must ask auth.Decide about each.
func (s *Service) Resource(c Case) auth.Resource { return s.resource(c) }

// AccessEntry is the audit entry recording that p viewed, found or exported
// c at a time, in the shape the case service writes for its own reads.
func AccessEntry(at time.Time, p auth.Principal, a auth.Action, c Case) audit.Entry {
	return accessEntry(at, p, a, c)
}
