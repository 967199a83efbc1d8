package cases

import "github.com/guildhall-platform/guildhall/internal/access"

// CountDecisions makes s count in *n every question it puts to the access
// policy, so a test can prove how many decisions a call makes.
func CountDecisions(s *Service, n *int) {
	s.policy = func(p access.Principal, a access.Action, r access.Resource) access.Decision {
		*n++
		return access.Decide(p, a, r)
	}
}
