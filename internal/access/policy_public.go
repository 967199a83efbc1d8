package access

import "github.com/guildhall-platform/guildhall/internal/service"

// ActionSeePublic is seeing the public version of a case: its status, when
// it was made, its place rounded and its description redacted as the
// service's publish block declares (a report's public page, a map of
// reports, the public search). It is the same for everyone, signed in or
// not, so it is decided on the case alone.
const ActionSeePublic Action = "see-public"

// decidePublic: only a case of a service that publishes where its cases
// are (Resource.PublicReport) and that is itself OFFICIAL. A service
// classified OFFICIAL-SENSITIVE cannot publish (the definition check
// refuses it), and a single OFFICIAL-SENSITIVE case in a public service
// stays out of every public list.
func decidePublic(r Resource) Decision {
	if !r.PublicReport {
		return deny("the service does not publish its reports")
	}
	if r.Classification != service.Official {
		return deny("OFFICIAL-SENSITIVE cases are never public")
	}
	return Decision{Allow: true}
}
