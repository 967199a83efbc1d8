package access

// ActionUpdate is a resident adding an update (a comment) to their own
// open request. It is decided apart from ActionAct: only the resident the
// request was made for may add one, proven by a signed-in resident account
// holding the address the request was made with (decideResident), or the
// platform itself; staff write notes instead, and an API client speaks for
// its reporters through Open311's own rule.
const ActionUpdate Action = "update"

// decideUpdate: the platform, or the resident whose request it is.
func decideUpdate(p Principal, r Resource) Decision {
	switch p.Kind {
	case KindSystem:
		return Decision{Allow: true}
	case KindResidentAccount:
		if r.Record == nil && r.Source == "" && same(p.Email, r.ApplicantEmail) {
			return Decision{Allow: true}
		}
		return deny("not submitted with the resident's address")
	}
	return deny("only the resident who made a request adds updates to it")
}
