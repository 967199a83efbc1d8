package account

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// teamsPage lists teams and adds or renames one.
type teamsPage struct {
	errorsPage
	Teams    []access.Team
	Services []auth.ServiceStaffing
	ID, Name web.Field
}

func (h *handler) teamsPage(r *http.Request) (*teamsPage, error) {
	ts, err := h.auth.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	staffing, err := h.auth.Staffing(r.Context(), principal(r))
	if err != nil {
		return nil, err
	}
	return &teamsPage{Teams: ts, Services: staffing,
		ID: web.Field{ID: "id", Label: "Team id", Hint: "As service definitions write it, for example highways", NoSpellcheck: true,
			Value: r.PostFormValue("id"), Width: "20"},
		Name: web.Field{ID: "team-name", Name: "name", Label: "Team name", Value: r.PostFormValue("name")}}, nil
}

func (h *handler) teamsGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.teamsPage(r)
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_teams", p)
}

func (h *handler) teamsPost(w http.ResponseWriter, r *http.Request) error {
	err := h.auth.PutTeam(r.Context(), principal(r), access.Team{ID: r.PostFormValue("id"), Name: r.PostFormValue("name")})
	if status := statusOf(err); status != 0 {
		p, perr := h.teamsPage(r)
		if perr != nil {
			return perr
		}
		p.Errors, p.ID.Error = fieldError("id", err), message(err)
		return h.admin.Render(w, r, status, "admin_teams", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, pathTeams, http.StatusSeeOther)
	return nil
}
