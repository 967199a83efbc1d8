package access

// Restriction of processing (UK GDPR Art. 18): while a person's data is
// restricted the council may store it and, apart from storage, use it only
// with their consent, for the establishment, exercise or defence of legal
// claims, to protect another person's rights or for an important public
// interest (Art. 18(2)). Guildhall reads that as one rule, written here and
// nowhere else:
//
//   - storage goes on: the data stays in the database, its backups and its
//     blobs, and a person hold stops its disposal (the records service
//     places it), so nothing here is asked about keeping it;
//   - legal claims, others' rights and the person's own requests (subject
//     access, rectification, the restriction itself) are answered by
//     information governance, who with a second factor may read and export
//     the data (view, find, export) where they could read it anyway, every
//     read audited;
//   - the person, with their consent in asking, may still read their own
//     requests in their resident account;
//   - nothing else: nobody works a restricted case (notes, transitions,
//     assignment, merging, bulk actions), the platform sends nothing about
//     it (webhooks, emails, text messages), links it to other records,
//     shows it in the single view or to the public, counts or publishes it.
//
// A case's own staff who could otherwise open it are told why they cannot,
// in RestrictedReason's words; anyone else is refused as before, so the
// restriction reveals nothing to those who could not see the case.

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
	// ActionSend is sending something about a case out of the platform:
	// webhook events, emails and text messages.
	ActionSend Action = "send"
)

// decideRestricted answers an action on a restricted person's case or
// record: the usual decision on the rest of the resource first (a refusal
// there is given as it is, revealing nothing), then the restriction; what
// both allow is audited.
func decideRestricted(p Principal, a Action, r Resource) Decision {
	r.Restricted = false
	d := Decide(p, a, r)
	if !d.Allow {
		return d
	}
	if g := RestrictionAllows(p, a); !g.Allow {
		return g
	}
	d.Audit = true
	return d
}

// RestrictionAllows is the restriction's rule alone, for callers that ask
// the usual decision on their own (the single view asks it about each
// person record of a case it has already decided): information governance
// staff with a second factor may read and export restricted data, and
// every such read is audited; a signed-in resident may read (the usual
// decision has already kept them to their own requests); everything else
// is refused, the platform's own jobs included.
func RestrictionAllows(p Principal, a Action) Decision {
	reads := a == ActionView || a == ActionFind || a == ActionExport
	if reads && p.Kind == KindStaff && p.MFA && hasGrant(p, RoleInformationGovernance) {
		return Decision{Allow: true, Audit: true}
	}
	if (a == ActionView || a == ActionFind) && p.Kind == KindResidentAccount {
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
