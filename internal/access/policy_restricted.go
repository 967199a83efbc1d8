package access

// Restriction of processing (UK GDPR Art. 18): while a person's data is
// restricted the council may store it and, apart from storage, use it only
// with their consent, for legal claims, to protect another person's rights
// or for an important public interest (Art. 18(2)). In Guildhall that means
// only the information governance team, who answer the person's requests
// (including subject access) and the claims a restriction is often asked for,
// may read it; nobody, the platform itself included, may link it to other
// records, show it in the single view, or count or publish it.

// RoleInformationGovernance answers data protection requests: subject access
// exports, erasure, rectification and restriction, in any team.
const RoleInformationGovernance = "information_governance"

// Actions that only restricted data is asked about; on other data they are
// the platform's own and always allowed.
const (
	// ActionLink is matching a record with others to find the same person
	// (the single view's linkage, and officers' link and split decisions).
	ActionLink Action = "link"
	// ActionPublish is counting or publishing: open data, statistics.
	ActionPublish Action = "publish"
)

// decideRestricted answers any action on a restricted person's data (a
// Resource with Restricted set): information governance staff with a
// second factor may read and export it, and every such access is audited;
// everything else is refused, the platform's own jobs included.
func decideRestricted(p Principal, a Action) Decision {
	reads := a == ActionView || a == ActionFind || a == ActionExport
	if reads && p.Kind == KindStaff && p.MFA && hasGrant(p, RoleInformationGovernance) {
		return Decision{Allow: true, Audit: true}
	}
	return deny(RestrictedReason)
}

// RestrictedReason is why restricted data is refused; pages show it as the
// notice in place of the data.
const RestrictedReason = "Processing of this person's information is restricted (UK GDPR Art. 18)"

// hasGrant reports whether p holds role in any team.
func hasGrant(p Principal, role string) bool {
	for _, g := range p.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}
