package account

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// personPage shows one account with its grants and actions.
type personPage struct {
	errorsPage
	Person personRow
	Grants web.Field
	// Ward and Party are shown for councillors only.
	Ward, Party web.Field
	Done        string
	Self        bool
	// DisabledBy says who disabled the account (auth.DisabledBy…), "" when active.
	DisabledBy string
}

func (h *handler) personPage(r *http.Request, id string) (*personPage, error) {
	u, err := h.auth.User(r.Context(), principal(r), id)
	if err != nil {
		return nil, err
	}
	by, err := h.auth.DisabledBy(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &personPage{Person: rowOf(u), Self: id == principal(r).UserID, Done: r.URL.Query().Get("done"), DisabledBy: by,
		Grants: web.Field{ID: "grants", Label: "Roles", Value: auth.FormatGrants(u.Grants), Rows: 3,
			Hint: "Write role@team, separated by commas: officer@highways, auditor@*. Roles from single sign-on groups are not listed here."},
		Ward:  web.Field{ID: "ward", Label: "Ward", Value: u.Ward, Hint: "As the council names it, for example Abbey. Councillors of the same ward can share member enquiries."},
		Party: web.Field{ID: "party", Label: "Party group", Value: u.Party, Hint: "For example Labour, or leave empty for an independent. Councillors of the same party in the same ward can share member enquiries."}}, nil
}

func (h *handler) personGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.personPage(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_person", p)
}

func (h *handler) personGrants(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	grants, err := auth.ParseGrants(r.PostFormValue("grants"))
	if err == nil {
		err = h.auth.SetGrants(r.Context(), principal(r), id, grants)
		if err != nil && !errors.Is(err, fault.Invalid) {
			return err
		}
	}
	if err != nil {
		p, perr := h.personPage(r, id)
		if perr != nil {
			return perr
		}
		p.Grants.Value = r.PostFormValue("grants")
		p.Errors, p.Grants.Error = []web.FieldError{{Field: "grants", Message: message(err)}}, message(err)
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "admin_person", p)
	}
	return h.done(w, r, id, "roles", nil)
}

func (h *handler) personDisable(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	return h.done(w, r, id, "disabled", h.auth.Disable(r.Context(), principal(r), id))
}

func (h *handler) personEnable(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	return h.done(w, r, id, "enabled", h.auth.Enable(r.Context(), principal(r), id))
}

func (h *handler) personReset(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	secret, err := h.auth.ResetPassword(r.Context(), principal(r), id, r.PostFormValue("second_factor") == "yes")
	if err != nil {
		return err
	}
	u, err := h.auth.User(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_secret", &secretPage{Title: "Password reset", Person: rowOf(u), Secret: secret})
}

// done redirects back to the person page with a success banner, or returns err.
func (h *handler) done(w http.ResponseWriter, r *http.Request, id, what string, err error) error {
	if err != nil {
		return err
	}
	http.Redirect(w, r, pathPeople+"/"+id+"?done="+url.QueryEscape(what), http.StatusSeeOther)
	return nil
}

func isConflict(err error) bool { return errors.Is(err, fault.Conflict) }

// personSeat records a councillor's ward and party.
func (h *handler) personSeat(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	err := h.auth.SetCouncillorSeat(r.Context(), principal(r), id, r.PostFormValue("ward"), r.PostFormValue("party"))
	if err != nil && errors.Is(err, fault.Invalid) {
		p, perr := h.personPage(r, id)
		if perr != nil {
			return perr
		}
		p.Ward.Value, p.Party.Value = r.PostFormValue("ward"), r.PostFormValue("party")
		p.Errors, p.Ward.Error = []web.FieldError{{Field: "ward", Message: message(err)}}, message(err)
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "admin_person", p)
	}
	return h.done(w, r, id, "ward and party", err)
}
