// Package access is the one access policy: who a caller is (a Principal
// with its grants) and what it may do with a case, a person record or a
// document (Decide). It is pure: no identity code (sign-in, sessions, OIDC,
// passkeys, TOTP live in auth), no storage, nothing but the service
// definitions, so every domain package can depend on it.
package access

import "slices"

// Kind is what sort of caller a principal is.
type Kind string

// Principal kinds.
const (
	KindResident Kind = "resident" // not signed in
	// KindResidentAccount is a resident signed in to their optional account.
	// Email is an address they proved they hold (an emailed sign-in link,
	// or One Login's verified email claim), never one they only typed.
	KindResidentAccount Kind = "resident-account"
	KindStaff           Kind = "staff"
	KindCouncillor      Kind = "councillor"
	KindAPIClient       Kind = "api"
	KindSystem          Kind = "system" // background jobs
)

// Grant gives a role, within one team or (Team == "*") across all teams.
type Grant struct {
	Role string `json:"role"`
	Team string `json:"team"`
}

// Principal is the caller of an operation, as established by sign-in or a token.
type Principal struct {
	Kind   Kind
	UserID string
	Name   string
	Email  string
	Teams  []string
	Grants []Grant
	// MFA is true when this session passed a second factor (or SSO asserted one).
	MFA bool
	// OnTrustedNetwork is true when the request comes from one of the
	// council's trusted networks (configured IP ranges, matched against the
	// client address the platform's trusted proxies give). Only a partner's
	// access depends on it: on the network a partner may work without a
	// second factor.
	OnTrustedNetwork bool
	// Services limits an API client to these service ids (empty: all). Write is
	// false for read-only tokens.
	Services []string
	Write    bool
	// Ward and Party are a councillor's, as an administrator recorded them;
	// they decide which enquiries other councillors share with them.
	Ward, Party string
}

// Anonymous is a resident who has not signed in.
var Anonymous = Principal{Kind: KindResident, UserID: "resident", Name: "Resident"}

// System is the platform itself, acting in background jobs.
var System = Principal{Kind: KindSystem, UserID: "system", Name: "Guildhall", MFA: true}

// InTeam reports whether p is a member of team.
func (p Principal) InTeam(team string) bool {
	for _, t := range p.Teams {
		if t == team {
			return true
		}
	}
	return false
}

// HasRole reports whether p holds role in team (or across all teams).
func (p Principal) HasRole(role, team string) bool {
	for _, g := range p.Grants {
		if g.Role == role && (g.Team == team || g.Team == "*") {
			return true
		}
	}
	return false
}

// TeamsOf is the teams a set of grants makes someone a member of: every
// team they hold a role in, except the read-only auditor and the
// administrator roles, which must not open a team's cases to act on.
func TeamsOf(grants []Grant) []string {
	var teams []string
	for _, g := range grants {
		if g.Role == RoleAuditor || g.Role == RoleAdministrator {
			continue
		}
		if g.Team != "*" && g.Team != "" && !slices.Contains(teams, g.Team) {
			teams = append(teams, g.Team)
		}
	}
	slices.Sort(teams)
	return teams
}
