package account

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// tokensPage lists API tokens and issues new ones.
type tokensPage struct {
	errorsPage
	Tokens                         []tokenRow
	Name, Services, Access, Grants web.Field
}

type tokenRow struct {
	ID, Name, Services, Access, Grants, Created string
	Revoked                                     bool
}

func (h *handler) tokensPage(r *http.Request) (*tokensPage, error) {
	ts, err := h.auth.Tokens(r.Context(), principal(r))
	if err != nil {
		return nil, err
	}
	p := &tokensPage{
		Name:     web.Field{ID: "name", Label: "Name", Hint: "Who or what uses the token, for example Highways contractor app", Value: r.PostFormValue("name")},
		Services: web.Field{ID: "services", Label: "Services (optional)", Hint: "Service ids separated by commas; leave empty for every service", NoSpellcheck: true, Value: r.PostFormValue("services")},
		Access: web.Field{ID: "access", Label: "Access", Value: or(r.PostFormValue("access"), "read"), Inline: true,
			Options: []web.Option{{Value: "read", Label: "Read only"}, {Value: "write", Label: "Read and write"}}},
		Grants: web.Field{ID: "grants", Label: "Roles the token acts with", Hint: "role@team, separated by commas, for example officer@highways", NoSpellcheck: true, Value: r.PostFormValue("grants")},
	}
	for _, t := range ts {
		access := "Read only"
		if t.Write {
			access = "Read and write"
		}
		p.Tokens = append(p.Tokens, tokenRow{ID: t.ID, Name: t.Name, Services: or(strings.Join(t.Services, ", "), "All"), Access: access,
			Grants: auth.FormatGrants(t.Grants), Created: t.CreatedAt.Format("2 January 2006"), Revoked: t.Revoked()})
	}
	return p, nil
}

func (h *handler) tokensGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.tokensPage(r)
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_tokens", p)
}

func (h *handler) tokensPost(w http.ResponseWriter, r *http.Request) error {
	grants, gerr := auth.ParseGrants(r.PostFormValue("grants"))
	var services []string
	for _, s := range strings.Split(r.PostFormValue("services"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			services = append(services, s)
		}
	}
	secret, tk, err := "", auth.Token{}, gerr
	if gerr == nil {
		secret, tk, err = h.auth.IssueToken(r.Context(), principal(r), auth.TokenRequest{Name: r.PostFormValue("name"),
			Services: services, Write: r.PostFormValue("access") == "write", Grants: grants})
	}
	if err != nil {
		p, perr := h.tokensPage(r)
		if perr != nil {
			return perr
		}
		field := &p.Name
		if gerr != nil {
			field = &p.Grants
		} else if statusOf(err) == 0 {
			return err
		}
		p.Errors, field.Error = []web.FieldError{{Field: field.ID, Message: message(err)}}, message(err)
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "admin_tokens", p)
	}
	return h.admin.Render(w, r, http.StatusOK, "admin_token_secret", &tokenSecretPage{Name: tk.Name, Secret: secret})
}

// tokenSecretPage shows a new token's secret once.
type tokenSecretPage struct {
	Name, Secret string
}

func (h *handler) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := h.auth.RevokeToken(r.Context(), principal(r), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, pathTokens, http.StatusSeeOther)
	return nil
}
