package access

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// ActionManageRecords is managing retention: reviewing the disposition
// list, approving disposal, placing and releasing legal holds. Disposal
// cannot be undone, so it needs the records manager role and a second factor.
const ActionManageRecords Action = "manage-records"

// RoleRecordsManager is the role that manages retention, in any team.
const RoleRecordsManager = "records_manager"

// decideRecords answers ActionManageRecords.
func decideRecords(p Principal) Decision {
	switch {
	case p.Kind == KindSystem:
		return Decision{Allow: true}
	case p.Kind != KindStaff:
		return deny("records are managed by staff")
	case !p.MFA:
		return deny("managing records requires a second factor")
	}
	for _, g := range p.Grants {
		if g.Role == RoleRecordsManager {
			return Decision{Allow: true}
		}
	}
	return deny("records manager role required")
}

// ActionShare is inviting someone into a collaboration space. Only staff of
// the space's team invite (with a second factor for OFFICIAL-SENSITIVE):
// a member from elsewhere, a partner above all, may not widen the circle.
const ActionShare Action = "share"

// KindPartner is someone from a partner organisation (the police, the NHS,
// a housing association) invited into a collaboration space by email.
const KindPartner Kind = "partner"

// Record is what the policy needs to know about a document held outside
// any case, beside the Resource's Team, Classification and CreatedBy.
type Record struct {
	// Space, when set, is the collaboration space the document is in.
	Space *Space
}

// Space is a collaboration space: its members by email address, and the
// partner email domains an administrator approved for OFFICIAL-SENSITIVE
// spaces.
type Space struct {
	Members        []string
	PartnerDomains []string
}

// decideRecord is the rule for documents held outside any case:
//   - OFFICIAL documents are open: every member of staff and councillor may
//     read them (view, find, export); their team and whoever filed one act
//     on it (new versions, declaring);
//   - OFFICIAL-SENSITIVE documents are need-to-know: a second factor and
//     membership of the owning team (or having filed it), and every view or
//     export is audited;
//   - in a space, members read and act too; a partner is never more than a
//     member, needs a second factor off the council's trusted networks
//     (OFFICIAL-SENSITIVE needs one everywhere), and for an OFFICIAL-SENSITIVE
//     space an email address on an approved partner domain;
//   - API clients read and, with a write token, act on OFFICIAL documents
//     of no space; a token scoped to services reaches no documents;
//   - a space itself is decided as a document filed in it by whoever
//     opened it: reading it is reading its contents, a note is acting,
//     uploading into it is creating; inviting members is ActionShare.
func decideRecord(p Principal, a Action, r Resource) Decision {
	sensitive := r.Classification != service.Official
	reads := a == ActionView || a == ActionFind || a == ActionExport
	if sensitive && !p.MFA {
		return deny("OFFICIAL-SENSITIVE requires a second factor")
	}
	switch p.Kind {
	case KindSystem:
		return Decision{Allow: true}
	case KindPartner:
		return decidePartner(p, a, r, sensitive)
	case KindAPIClient:
		if len(p.Services) > 0 || r.Record.Space != nil || sensitive || (!reads && !p.Write) {
			return deny("API tokens reach OFFICIAL documents outside spaces, and only unscoped ones")
		}
		return allow(false, a)
	case KindStaff, KindCouncillor:
	default:
		return deny("not signed in")
	}
	if a == ActionShare {
		if p.Kind == KindStaff && p.InTeam(r.Team) {
			return allow(sensitive, a)
		}
		return deny("only the space's team invites members")
	}
	owner := p.InTeam(r.Team) || (r.CreatedBy != "" && r.CreatedBy == p.UserID)
	member := r.Record.Space != nil && memberOf(p.Email, r.Record.Space.Members)
	switch {
	case owner || member:
		return allow(sensitive, a)
	case reads && !sensitive && p.Kind == KindStaff && r.Record.Space == nil:
		return allow(false, a)
	case reads && !sensitive && p.Kind == KindCouncillor && r.Record.Space == nil:
		return allow(false, a)
	}
	return deny("need to know: the owning team, the space's members or whoever filed it")
}

func decidePartner(p Principal, a Action, r Resource, sensitive bool) Decision {
	s := r.Record.Space
	switch {
	case partnerNeedsSecondFactor(p):
		return deny(ReasonPartnerSecondFactor)
	case s == nil || !memberOf(p.Email, s.Members):
		return deny("partners see only the spaces they are members of")
	case sensitive && !memberOf(domainOf(p.Email), s.PartnerDomains):
		return deny("OFFICIAL-SENSITIVE spaces are shared only with approved partner domains")
	case a == ActionCreate || a == ActionExport || a == ActionShare:
		return deny("partners read and add to documents and notes; they do not file, export or invite")
	}
	return allow(sensitive, a)
}

func memberOf(s string, list []string) bool {
	for _, m := range list {
		if s != "" && strings.EqualFold(strings.TrimSpace(m), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

func domainOf(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[i+1:]
	}
	return ""
}
