package auth

import (
	"slices"

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

// RoleAdministrator manages people and settings; it grants no access to cases by itself.
const RoleAdministrator = "administrator"

// Decide is the one access policy: every page, search, export and API path asks it.
// Rules, in order:
//   - the platform itself (background jobs) may do anything;
//   - residents get nothing here (tracking a request is checked by reference and contact);
//   - API clients are limited to their services, and to reads unless they may write;
//   - OFFICIAL-SENSITIVE needs a second factor, membership of the owning team and
//     one of the roles the service names (or a councillor's own case), and every
//     view or export of it is audited;
//   - councillors see only the cases they raised;
//   - staff may read the requests they raised themselves (a laptop from IT),
//     whichever team works them, without any say in working them;
//   - otherwise staff see cases of their teams, and auditors see all OFFICIAL cases;
//   - an auditor only ever reads (view, find, export): the auditor role never
//     lets anyone act or create, even on a service that names it.
func Decide(p Principal, a Action, r Resource) Decision {
	sensitive := r.Classification != service.Official
	reads := a == ActionView || a == ActionFind || a == ActionExport
	switch p.Kind {
	case KindSystem:
		return Decision{Allow: true}
	case KindStaff, KindCouncillor, KindAPIClient:
	default:
		return deny("not signed in")
	}
	if p.Kind == KindAPIClient {
		if !scoped(p.Services, r.ServiceID) {
			return deny("token not scoped to this service")
		}
		if (a == ActionAct || a == ActionCreate) && !p.Write {
			return deny("read-only token")
		}
	}
	if sensitive && !p.MFA {
		return deny("OFFICIAL-SENSITIVE requires a second factor")
	}
	if p.Kind == KindCouncillor {
		own := r.CreatedBy != "" && r.CreatedBy == p.UserID
		if own || (a == ActionCreate && hasAnyRole(p, r)) {
			return allow(sensitive, a)
		}
		return deny("councillors see only their own enquiries")
	}
	if reads && r.CreatedBy != "" && r.CreatedBy == p.UserID {
		return allow(sensitive, a)
	}
	auditor := reads && p.HasRole(RoleAuditor, r.Team)
	if sensitive {
		if p.InTeam(r.Team) && hasAnyRole(p, r) {
			return allow(sensitive, a)
		}
		if auditor && slices.Contains(r.Roles, RoleAuditor) {
			return allow(sensitive, a)
		}
		return deny("OFFICIAL-SENSITIVE: owning team and named roles only")
	}
	if p.InTeam(r.Team) || hasAnyRole(p, r) || auditor {
		return allow(false, a)
	}
	return deny("not in the owning team")
}

func allow(sensitive bool, a Action) Decision {
	return Decision{Allow: true, Audit: sensitive && (a == ActionView || a == ActionExport)}
}

func deny(reason string) Decision { return Decision{Reason: reason} }

// hasAnyRole reports whether p holds one of the roles the service names,
// other than auditor, which Decide treats as read-only on its own.
func hasAnyRole(p Principal, r Resource) bool {
	for _, role := range r.Roles {
		if role != RoleAuditor && p.HasRole(role, r.Team) {
			return true
		}
	}
	return false
}

func scoped(services []string, id string) bool {
	if len(services) == 0 {
		return true
	}
	for _, s := range services {
		if s == id {
			return true
		}
	}
	return false
}
