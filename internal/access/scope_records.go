package access

import "strings"

// RecordScope is decideRecord's finding rule as storage can apply it to
// documents and collaboration spaces: a row passes when it is OFFICIAL
// outside any space and OpenOfficial holds, or its team is in Teams, or
// CreatedBy filed it, or MemberEmail is a member of its space; and never
// an OFFICIAL-SENSITIVE row when OfficialOnly holds. For every kind of
// principal it lets through exactly the rows decideRecord allows p to find,
// so a search bounded to the newest matches bounds what the reader may
// open and nothing else: no count or "more than" depends on a row they
// may not (records.Documents.Find still re-checks each with Decide).
type RecordScope struct {
	All, None    bool
	OfficialOnly bool
	OpenOfficial bool
	Teams        []string
	CreatedBy    string
	// MemberEmail is in lower case, as members are stored.
	MemberEmail string
}

// RecordScopeOf is RecordScope for p, given the partner domains an
// administrator approved for OFFICIAL-SENSITIVE spaces. It lives beside
// decideRecord so that the two change together.
func RecordScopeOf(p Principal, partnerDomains []string) RecordScope {
	s := RecordScope{OfficialOnly: !p.MFA}
	switch p.Kind {
	case KindSystem:
		return RecordScope{All: true}
	case KindPartner:
		if partnerNeedsSecondFactor(p) || strings.TrimSpace(p.Email) == "" {
			return RecordScope{None: true}
		}
		s.MemberEmail = strings.ToLower(strings.TrimSpace(p.Email))
		s.OfficialOnly = s.OfficialOnly || !memberOf(domainOf(p.Email), partnerDomains)
	case KindAPIClient:
		if len(p.Services) > 0 {
			return RecordScope{None: true}
		}
		s.OpenOfficial, s.OfficialOnly = true, true
	case KindStaff, KindCouncillor:
		s.OpenOfficial = true
		s.Teams = append(s.Teams, p.Teams...)
		s.CreatedBy = p.UserID
		s.MemberEmail = strings.ToLower(strings.TrimSpace(p.Email))
	default:
		return RecordScope{None: true}
	}
	return s
}
