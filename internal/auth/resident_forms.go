package auth

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// A form a signed-in resident fills in (or saves to finish later) belongs
// to their account as well as to the browser, so "Your requests" lists it
// on any device; the access policy (access.ActionSavedForm) decides who
// may see, continue or delete it.

// SavedForm is a form in progress, not yet sent.
type SavedForm struct {
	ID, ServiceID string
	// OwnerAccount is the resident account it belongs to.
	OwnerAccount string
	UpdatedAt    time.Time
}

// ResidentFormStore keeps the link between forms and accounts;
// internal/store implements it.
type ResidentFormStore interface {
	// OwnDraft makes draft id (unsent) belong to account.
	OwnDraft(ctx context.Context, id, account string) error
	// AccountDrafts lists an account's unsent forms, latest change first.
	AccountDrafts(ctx context.Context, account string, limit int) ([]SavedForm, error)
	// UnsentDraft returns an unsent form, or fault.NotFound.
	UnsentDraft(ctx context.Context, id string) (SavedForm, error)
	// MoveDraft makes an unsent form the one session is filling in.
	MoveDraft(ctx context.Context, id, session string) error
	// DeleteDraft deletes an unsent form and its save-and-return links.
	DeleteDraft(ctx context.Context, id string) error
}

// SavedFormsListed is how many forms in progress "Your requests" lists.
const SavedFormsListed = 20

// KeepForm records that the signed-in resident is filling in draft id.
func (r *Residents) KeepForm(ctx context.Context, a ResidentAccount, id string) error {
	return r.Forms.OwnDraft(ctx, id, a.ID)
}

// SavedForms lists the resident's forms in progress that the policy lets
// them see.
func (r *Residents) SavedForms(ctx context.Context, a ResidentAccount) ([]SavedForm, error) {
	all, err := r.Forms.AccountDrafts(ctx, a.ID, SavedFormsListed)
	if err != nil {
		return nil, err
	}
	var out []SavedForm
	for _, f := range all {
		if mayTouchForm(a, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// ContinueForm makes form id the one this browser's session fills in and
// returns it. Errors: fault.NotFound for a form that is not the
// resident's, sent or gone (never saying which).
func (r *Residents) ContinueForm(ctx context.Context, a ResidentAccount, id, session string) (SavedForm, error) {
	f, err := r.form(ctx, a, id)
	if err != nil {
		return f, err
	}
	return f, r.Forms.MoveDraft(ctx, id, session)
}

// DeleteForm deletes the resident's form id. Errors as ContinueForm.
func (r *Residents) DeleteForm(ctx context.Context, a ResidentAccount, id string) (SavedForm, error) {
	f, err := r.form(ctx, a, id)
	if err != nil {
		return f, err
	}
	return f, r.Forms.DeleteDraft(ctx, id)
}

func (r *Residents) form(ctx context.Context, a ResidentAccount, id string) (SavedForm, error) {
	f, err := r.Forms.UnsentDraft(ctx, id)
	if err != nil {
		return SavedForm{}, err
	}
	if !mayTouchForm(a, f) {
		return SavedForm{}, fault.New(fault.NotFound, "no form %s of this resident", id)
	}
	return f, nil
}

// mayTouchForm asks the access policy, the one place the rule is written.
func mayTouchForm(a ResidentAccount, f SavedForm) bool {
	return access.Decide(a.Principal(), access.ActionSavedForm, access.Resource{SavedForm: &access.SavedForm{OwnerAccount: f.OwnerAccount}}).Allow
}
