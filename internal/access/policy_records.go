package access

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
