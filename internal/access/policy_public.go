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
//
// A photo of a public report (Resource.Photo) is public only where the
// service publishes its reports' photos and no officer has hidden it; a
// photo of a restricted person's case never is (Decide asks
// decideRestricted first, which refuses everything public).
func decidePublic(r Resource) Decision {
	if !r.PublicReport {
		return deny("the service does not publish its reports")
	}
	if r.Classification != service.Official {
		return deny("OFFICIAL-SENSITIVE cases are never public")
	}
	if r.Photo != nil && !r.Photo.Published {
		return deny("the service does not publish its reports' photos")
	}
	if r.Photo != nil && r.Photo.Hidden {
		return deny("an officer has hidden the photo from the public")
	}
	return Decision{Allow: true}
}

// Photo is what the policy knows of one photo of a report.
type Photo struct {
	// Published: the service shows its reports' photos (publish.photos),
	// and this photo is one it shows (an answer to a question it names,
	// or a photo a resident added with an update).
	Published bool
	// Hidden: an officer has hidden it from the public.
	Hidden bool
}
