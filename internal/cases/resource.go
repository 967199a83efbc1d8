package cases

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
)

// Resource describes c to the access policy exactly as the case service's
// own read paths do, for other services (the single view, subject access)
// that list cases and must ask access.Decide about each.
func (s *Service) Resource(c Case) access.Resource { return s.resource(c) }

// AccessEntry is the audit entry recording that p viewed, found or exported
// c at a time, in the shape the case service writes for its own reads.
func AccessEntry(at time.Time, p access.Principal, a access.Action, c Case) audit.Entry {
	return accessEntry(at, p, a, c)
}
