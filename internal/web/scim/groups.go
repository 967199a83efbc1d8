package scim

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

func (h *handler) groupCreate(w http.ResponseWriter, r *http.Request) error {
	var o object
	if err := readObject(r, &o); err != nil {
		return err
	}
	g, err := groupFromResource(o)
	if err != nil {
		return err
	}
	if g, err = h.prov.CreateGroup(r.Context(), g); err != nil {
		return err
	}
	w.Header().Set("Location", h.base+"/Groups/"+g.ID)
	writeJSON(w, http.StatusCreated, h.groupResource(g, true))
	return nil
}

func (h *handler) groupGet(w http.ResponseWriter, r *http.Request) error {
	g, err := h.prov.Group(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, project(h.groupResource(g, true), r))
	return nil
}

func (h *handler) groupList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	var q auth.GroupQuery
	for _, c := range f {
		s, _ := c.Value.(string)
		switch {
		case c.Path.Selector != nil || c.Path.Sub != "" || !isCore(c.Path.URN, schemaGroup):
		case strings.EqualFold(c.Path.Attr, "displayName"):
			q.DisplayName = s
		case strings.EqualFold(c.Path.Attr, "externalId"):
			q.ExternalID = s
		}
	}
	gs, _, err := h.prov.Groups(r.Context(), q)
	if err != nil {
		return err
	}
	var out []object
	for _, g := range gs {
		if o := h.groupResource(g, true); matches(o, f) {
			out = append(out, project(o, r))
		}
	}
	start, count := paging(r)
	listResponse(w, out, start, count)
	return nil
}

func (h *handler) groupReplace(w http.ResponseWriter, r *http.Request) error {
	var o object
	if err := readObject(r, &o); err != nil {
		return err
	}
	g, err := h.saveGroup(r, o)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.groupResource(g, true))
	return nil
}

// groupPatch answers 204, as Entra expects for groups.
func (h *handler) groupPatch(w http.ResponseWriter, r *http.Request) error {
	var req patchRequest
	if err := readObject(r, &req); err != nil {
		return err
	}
	g, err := h.prov.Group(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	o := h.groupResource(g, true)
	if err := applyPatch(o, req.Operations); err != nil {
		return err
	}
	if _, err := h.saveGroup(r, o); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handler) saveGroup(r *http.Request, o object) (auth.Group, error) {
	g, err := groupFromResource(o)
	if err != nil {
		return auth.Group{}, err
	}
	g.ID = r.PathValue("id")
	return h.prov.UpdateGroup(r.Context(), g)
}

func (h *handler) groupDelete(w http.ResponseWriter, r *http.Request) error {
	if err := h.prov.DeleteGroup(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
