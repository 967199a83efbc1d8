package access

// RoleTeamLeader leads a team. Besides what the services that name it
// allow, it is the one role that may reassign many of the team's cases at
// once (ActionBulkAssign).
const RoleTeamLeader = "team_leader"

// ActionBulkAssign is giving many cases to one officer in one go, from a
// queue. Moving a team's work around wholesale is a team leader's call, so
// it is decided apart from ActionAct, which lets any officer assign the one
// case they are working.
const ActionBulkAssign Action = "bulk-assign"

// decideBulkAssign: the platform itself, or a leader of the case's team who
// may also act on the case (second factor, classification and all).
func decideBulkAssign(p Principal, r Resource) Decision {
	if p.Kind != KindSystem && !LeadsTeam(p, r.Team) {
		return deny("only a team leader of the case's team may reassign cases in bulk")
	}
	return Decide(p, ActionAct, r)
}

// LeadsTeam reports whether p is a member of staff who leads team (a grant
// of team_leader for that team or for every team). The workspace asks it
// before it offers a queue's bulk reassignment; decideBulkAssign asks it of
// every case reassigned.
func LeadsTeam(p Principal, team string) bool {
	return p.Kind == KindStaff && team != "" && p.HasRole(RoleTeamLeader, team)
}
