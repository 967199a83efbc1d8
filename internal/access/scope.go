package access

import "strings"

// Scope is the part of the access policy that storage can apply: a row
// passes when it matches any one of the listed grants (or All is true).
type Scope struct {
	All bool
	// OfficialOnly drops OFFICIAL-SENSITIVE rows (no second factor).
	OfficialOnly bool
	// CreatedBy limits rows to those raised by this user (councillors), or
	// shared with SharedWard (or with SharedParty in that ward); see Sharing.
	CreatedBy               string
	SharedWard, SharedParty string
	// Teams and ServiceIDs: a row passes if its team or its service is listed.
	Teams      []string
	ServiceIDs []string
	// AllOfficial lets every OFFICIAL row through (auditors).
	AllOfficial bool
	// ApplicantEmail limits rows to those submitted with this address, in
	// lower case (a signed-in resident's proven address).
	ApplicantEmail string
}

// ScopeOf is the superset of Decide that a database query can apply, so a
// queue or search reads only rows that may pass; every row read is then
// checked with Decide. It lives beside Decide so that the two change together.
func ScopeOf(p Principal) Scope {
	a := Scope{OfficialOnly: !p.MFA}
	switch p.Kind {
	case KindSystem:
		return Scope{All: true}
	case KindCouncillor:
		a.CreatedBy = p.UserID
		a.SharedWard, a.SharedParty = strings.ToLower(strings.TrimSpace(p.Ward)), strings.ToLower(strings.TrimSpace(p.Party))
		a.All = true
	case KindAPIClient:
		a.ServiceIDs = p.Services
		a.All = len(p.Services) == 0
	case KindStaff:
		a.Teams = append(a.Teams, p.Teams...)
		for _, g := range p.Grants {
			switch {
			case g.Team != "*":
				a.Teams = append(a.Teams, g.Team)
			case g.Role == RoleAuditor:
				a.AllOfficial = true
			case g.Role != RoleAdministrator:
				a.All = true // a role in every team: the Go re-check narrows it
			}
		}
	case KindResidentAccount:
		if strings.TrimSpace(p.Email) == "" {
			return Scope{} // no proven address: nothing
		}
		return Scope{All: true, ApplicantEmail: strings.ToLower(strings.TrimSpace(p.Email))}
	default:
		return Scope{} // residents find nothing
	}
	return a
}
