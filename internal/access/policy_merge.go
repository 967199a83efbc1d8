package access

// ActionMerge is closing a case as a duplicate of another report of the
// same service, its reporter and followers moved to the original. It is
// decided apart from ActionAct because it changes two cases and closes one
// outside its workflow: the caller must be a member of staff (councillors
// follow their enquiries but do not work them; an API client's token is
// for its own requests) who may act on each of the two cases. The case
// service asks it of both.
const ActionMerge Action = "merge"

// decideMerge: the platform itself, or staff who may act on the case.
func decideMerge(p Principal, r Resource) Decision {
	if p.Kind != KindSystem && p.Kind != KindStaff {
		return deny("only council staff may merge duplicate reports")
	}
	return Decide(p, ActionAct, r)
}
