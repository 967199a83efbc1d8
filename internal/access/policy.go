package access

import (
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Action is what a principal wants to do with a case or document.
type Action string

// Actions.
const (
	ActionView   Action = "view"   // open a case, its documents and answers
	ActionFind   Action = "find"   // see it in a queue, search result or single view
	ActionAct    Action = "act"    // transition, note, assign, attach
	ActionExport Action = "export" // CSV/JSON export, subject access export
	ActionCreate Action = "create" // raise a case on a staff or councillor service
)

// Resource is what the policy needs to know about a case (or a document, which
// inherits its case's classification and team).
type Resource struct {
	ServiceID      string
	Team           string
	Classification service.Classification
	// Roles are the roles the service definition names.
	Roles []string
	// CreatedBy is the user who raised the case (councillors see only their own).
	CreatedBy string
	// ServiceTeam is the team that owns the service. It keeps its access when
	// a case is sent to another team (a member enquiry routed to Housing).
	ServiceTeam string
	// Sharing is who else may read a councillor's enquiry.
	Sharing Sharing
	// Source, when set, makes the resource an imported person record of
	// that source (council tax, electoral register), not a case: staff holding
	// one of Roles, in any team, may read it; nobody may change it.
	Source string
	// ApplicantEmail is the address the case was submitted with: a signed-in
	// resident who proved they hold it may read the case (not act on it).
	ApplicantEmail string
	// Record, when set, makes the resource a document held outside any case
	// (policies, minutes, a collaboration space's papers): decideRecord.
	Record *Record
	// SignIn is what ActionSignIn is decided against.
	SignIn *SignIn
	// Restricted makes the resource a person's data under a restriction of
	// processing (UK GDPR Art. 18): decideRestricted answers, the usual
	// decision first and the restriction after it.
	Restricted bool
	// SavedForm is what ActionSavedForm is decided against.
	SavedForm *SavedForm
	// PublicReport says the service publishes where its cases are (a
	// publish block naming a location question) and is OFFICIAL: what
	// ActionSeePublic is decided on.
	PublicReport bool
	// Photo, when set, makes the resource one photo of a report: what
	// ActionSeePublic is then decided on as well (decidePublic).
	Photo *Photo
}

// Sharing is a councillor's choice of who else may read an enquiry they
// raised (the GOSS model): nobody, the other councillors of their ward, or
// the councillors of their party group in the ward. Ward and Party are the
// raising councillor's, recorded when the enquiry was raised.
type Sharing struct {
	With  string `json:"with,omitempty"` // ShareNobody, ShareWard or ShareParty
	Ward  string `json:"ward,omitempty"`
	Party string `json:"party,omitempty"`
}

// The sharing choices.
const (
	ShareNobody = service.ShareNobody
	ShareWard   = service.ShareWard
	ShareParty  = service.ShareParty
)

// sharedWith reports whether councillor p may read an enquiry shared as s:
// p is a councillor of the same ward, and for ShareParty of the same party.
func sharedWith(p Principal, s Sharing) bool {
	if !same(p.Ward, s.Ward) {
		return false
	}
	switch s.With {
	case ShareWard:
		return true
	case ShareParty:
		return same(p.Party, s.Party)
	}
	return false
}

// same compares two names as people type them; empty matches nothing.
func same(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// Decision is the policy's answer. Audit is set when the access must be written
// to the audit log (every view of OFFICIAL-SENSITIVE data).
type Decision struct {
	Allow  bool
	Audit  bool
	Reason string
}

// RoleAuditor may read (never act on) every OFFICIAL case, and OFFICIAL-SENSITIVE
// cases of services that name the role.
const RoleAuditor = "auditor"

// RoleMember is team membership with no named role: it lets a person see their
// team's OFFICIAL cases but names no role a service could require.
const RoleMember = "member"

// RoleAdministrator manages people and settings; it grants no access to cases by itself.
const RoleAdministrator = "administrator"

// Decide is the one access policy: every page, search, export and API path asks it.
// Rules, in order:
//   - the platform itself (background jobs) may do anything;
//   - residents get nothing here (tracking a request is checked by reference and contact),
//     except that a resident signed in to an account may read (view, find) the
//     cases submitted with the address the account proved, never act on them;
//   - API clients are limited to their services, and to reads unless they may write;
//   - OFFICIAL-SENSITIVE needs a second factor, membership of the owning team and
//     one of the roles the service names (or a councillor's own case), and every
//     view or export of it is audited;
//   - councillors see the cases they raised, and read (view, find) the
//     enquiries other councillors shared with their ward or party group in
//     their ward (Sharing);
//   - staff may read the requests they raised themselves (a laptop from IT),
//     whichever team works them, without any say in working them;
//   - otherwise staff see cases of their teams, and auditors see all OFFICIAL
//     cases; the team that owns a service keeps access to its cases sent to
//     another team (ServiceTeam);
//   - an auditor only ever reads (view, find, export): the auditor role never
//     lets anyone act or create, even on a service that names it.
//
// A restricted person's case (Resource.Restricted) is decided by
// decideRestricted, in policy_restricted.go: the usual decision, then the
// one rule of what a restriction of processing still allows.
//
// Reassigning cases in bulk (ActionBulkAssign) also needs a team leader of
// the case's team: see policy_bulk.go.
//
// Seeing a case's public version (ActionSeePublic) is the same for everyone,
// the anonymous resident included: see policy_public.go.
func Decide(p Principal, a Action, r Resource) Decision {
	if r.Restricted {
		return decideRestricted(p, a, r)
	}
	if a == ActionManageRecords {
		return decideRecords(p)
	}
	if a == ActionSignIn {
		return decideSignIn(p, r)
	}
	if a == ActionBulkAssign {
		return decideBulkAssign(p, r)
	}
	if a == ActionMerge {
		return decideMerge(p, r)
	}
	if a == ActionUpdate {
		return decideUpdate(p, r)
	}
	if a == ActionSavedForm {
		return decideSavedForm(p, r)
	}
	if a == ActionSeePublic {
		return decidePublic(r)
	}
	if r.Record != nil {
		return decideRecord(p, a, r)
	}
	sensitive := r.Classification != service.Official
	reads := a == ActionView || a == ActionFind || a == ActionExport
	switch p.Kind {
	case KindSystem:
		return Decision{Allow: true}
	case KindResidentAccount:
		return decideResident(p, a, r)
	case KindStaff, KindCouncillor, KindAPIClient:
	default:
		return deny("not signed in")
	}
	if p.Kind == KindAPIClient {
		if !p.InScope(r.ServiceID) {
			return deny("token not scoped to this service")
		}
		if (a == ActionAct || a == ActionCreate) && !p.Write {
			return deny("read-only token")
		}
	}
	if sensitive && !p.MFA {
		return deny("OFFICIAL-SENSITIVE requires a second factor")
	}
	if r.Source != "" {
		return decideSource(p, reads, sensitive, a, r)
	}
	if p.Kind == KindCouncillor {
		own := r.CreatedBy != "" && r.CreatedBy == p.UserID
		if own || (a == ActionCreate && hasAnyRole(p, r, r.Team)) {
			return allow(sensitive, a)
		}
		if (a == ActionView || a == ActionFind) && sharedWith(p, r.Sharing) {
			return allow(sensitive, a)
		}
		return deny("councillors see their own enquiries and those shared with them")
	}
	if reads && r.CreatedBy != "" && r.CreatedBy == p.UserID {
		return allow(sensitive, a)
	}
	teams := []string{r.Team}
	if r.ServiceTeam != "" && r.ServiceTeam != r.Team {
		teams = append(teams, r.ServiceTeam)
	}
	for _, team := range teams {
		auditor := reads && p.HasRole(RoleAuditor, team)
		if sensitive {
			if p.InTeam(team) && hasAnyRole(p, r, team) {
				return allow(sensitive, a)
			}
			if auditor && slices.Contains(r.Roles, RoleAuditor) {
				return allow(sensitive, a)
			}
			continue
		}
		if p.InTeam(team) || hasAnyRole(p, r, team) || auditor {
			return allow(false, a)
		}
	}
	if sensitive {
		return deny("OFFICIAL-SENSITIVE: owning team and named roles only")
	}
	return deny("not in the owning team")
}

// decideSource: an imported record is read by staff granted one of the
// roles configured for its source, in any team; it is never acted on here.
func decideSource(p Principal, reads, sensitive bool, a Action, r Resource) Decision {
	if p.Kind != KindStaff || !reads {
		return deny("imported records are read by staff only")
	}
	for _, g := range p.Grants {
		if slices.Contains(r.Roles, g.Role) {
			return allow(sensitive, a)
		}
	}
	return deny("no role granted for the source " + r.Source)
}

func allow(sensitive bool, a Action) Decision {
	return Decision{Allow: true, Audit: sensitive && (a == ActionView || a == ActionExport)}
}

func deny(reason string) Decision { return Decision{Reason: reason} }

// hasAnyRole reports whether p holds in team one of the roles the service
// names, other than auditor, which Decide treats as read-only on its own.
func hasAnyRole(p Principal, r Resource, team string) bool {
	for _, role := range r.Roles {
		if role != RoleAuditor && p.HasRole(role, team) {
			return true
		}
	}
	return false
}

// InScope reports whether an API client's token covers service id (a token
// with no services listed covers all); it is true for every other caller.
func (p Principal) InScope(id string) bool {
	return len(p.Services) == 0 || slices.Contains(p.Services, id)
}

// decideResident lets a signed-in resident read the cases submitted with
// the address their account proved. The address is compared ignoring case
// (mail systems treat it so); an empty one matches nothing.
func decideResident(p Principal, a Action, r Resource) Decision {
	if a != ActionView && a != ActionFind {
		return deny("residents only read their own requests")
	}
	if !same(p.Email, r.ApplicantEmail) {
		return deny("not submitted with the resident's address")
	}
	return Decision{Allow: true, Audit: a == ActionView && r.Classification != service.Official}
}
