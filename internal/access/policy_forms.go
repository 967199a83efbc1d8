package access

// ActionSavedForm is seeing, continuing or deleting a form a resident has
// in progress (a draft), from "Your requests".
const ActionSavedForm Action = "saved-form"

// SavedForm is what the saved-form rule needs: the resident account the
// form belongs to ("" when nobody signed in was filling it in).
type SavedForm struct {
	OwnerAccount string
}

// decideSavedForm: a form in progress is its resident's alone. Only the
// signed-in resident account it belongs to may see, continue or delete it;
// staff never see residents' unsent answers (they are not a case yet).
func decideSavedForm(p Principal, r Resource) Decision {
	switch {
	case p.Kind != KindResidentAccount:
		return deny("only the resident sees their forms in progress")
	case r.SavedForm == nil || r.SavedForm.OwnerAccount == "" || p.UserID != ResidentUserID(r.SavedForm.OwnerAccount):
		return deny("another resident's form")
	}
	return Decision{Allow: true}
}

// ResidentUserID is the principal UserID of resident account id.
func ResidentUserID(accountID string) string { return "resident:" + accountID }
