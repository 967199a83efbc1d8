package account

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// peoplePage lists accounts. It is where an administrator lands, so it
// also names the services nobody can be given the cases of (Unstaffed):
// their cases would be in no one's queue.
type peoplePage struct {
	People    []personRow
	Unstaffed []string
}

type personRow struct {
	ID, Name, Email, Kind, Grants, Status string
	Active                                bool
	// Councillor, Ward and Party: a councillor's seat, which decides the
	// enquiries other councillors share with them.
	Councillor  bool
	Ward, Party string
}

func rowOf(u auth.User) personRow {
	status := "Active"
	switch {
	case !u.Active:
		status = "Disabled"
	case u.MustChangePassword:
		status = "Invited"
	}
	groups := append(append([]string{}, u.SSOGroups...), u.Groups...)
	grants := auth.FormatGrants(u.Grants)
	if len(groups) > 0 {
		grants = strings.TrimPrefix(grants+"; groups: "+strings.Join(groups, ", "), "; ")
	}
	return personRow{ID: u.ID, Name: u.Name, Email: u.Email, Kind: string(u.Kind), Grants: grants, Status: status, Active: u.Active,
		Councillor: u.Kind == access.KindCouncillor, Ward: u.Ward, Party: u.Party}
}

func (h *handler) peopleList(w http.ResponseWriter, r *http.Request) error {
	us, err := h.auth.Users(r.Context(), principal(r))
	if err != nil {
		return err
	}
	staffing, err := h.auth.Staffing(r.Context(), principal(r))
	if err != nil {
		return err
	}
	p := &peoplePage{}
	for _, u := range us {
		p.People = append(p.People, rowOf(u))
	}
	for _, s := range staffing {
		if s.Officers == 0 {
			p.Unstaffed = append(p.Unstaffed, s.Name)
		}
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_people", p)
}

// personNewPage adds an account.
type personNewPage struct {
	errorsPage
	Email, Name, Kind, Grants web.Field
}

func newPersonPage(r *http.Request) *personNewPage {
	v := r.PostFormValue
	return &personNewPage{
		Email: web.Field{ID: "email", Label: "Email address", Type: "email", NoSpellcheck: true, Value: v("email")},
		Name:  web.Field{ID: "name", Label: "Full name", Value: v("name")},
		Kind: web.Field{ID: "kind", Label: "Type of account", Value: or(v("kind"), "staff"), Options: []web.Option{
			{Value: "staff", Label: "Member of staff"}, {Value: "councillor", Label: "Councillor"},
			{Value: "partner", Label: "Partner organisation (sees only the collaboration spaces they are a member of)"}}},
		Grants: web.Field{ID: "grants", Label: "Roles", Value: v("grants"), Rows: 3,
			Hint: "Write role@team, separated by commas: officer@highways, team_leader@waste, auditor@*. * means every team."},
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (h *handler) personNewGet(w http.ResponseWriter, r *http.Request) error {
	return h.admin.Render(w, r, http.StatusOK, "admin_person_new", newPersonPage(r))
}

func (h *handler) personNewPost(w http.ResponseWriter, r *http.Request) error {
	p := newPersonPage(r)
	grants, err := auth.ParseGrants(p.Grants.Value)
	if err != nil {
		p.Errors, p.Grants.Error = []web.FieldError{{Field: "grants", Message: message(err)}}, message(err)
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "admin_person_new", p)
	}
	u, secret, err := h.auth.CreateUser(r.Context(), principal(r), auth.NewUser{Email: p.Email.Value, Name: p.Name.Value,
		Kind: access.Kind(p.Kind.Value), Grants: grants})
	if status := statusOf(err); status != 0 || isConflict(err) {
		field := &p.Email
		if strings.Contains(message(err), "name") {
			field = &p.Name
		}
		msg := message(err)
		if isConflict(err) {
			msg, status = "An account with this email address already exists", http.StatusConflict
		}
		p.Errors, field.Error = []web.FieldError{{Field: field.ID, Message: msg}}, msg
		return h.admin.Render(w, r, status, "admin_person_new", p)
	}
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_secret", &secretPage{Title: "Account created", Person: rowOf(u), Secret: secret})
}

// secretPage shows a one-time secret once.
type secretPage struct {
	Title  string
	Person personRow
	Secret string
}
