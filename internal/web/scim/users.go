package scim

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
)

func (h *handler) userCreate(w http.ResponseWriter, r *http.Request) error {
	var o object
	if err := readObject(r, &o); err != nil {
		return err
	}
	u, err := userFromResource(o)
	if err != nil {
		return err
	}
	if u, err = h.prov.CreateUser(r.Context(), u); err != nil {
		return err
	}
	w.Header().Set("Location", h.base+"/Users/"+u.ID)
	writeJSON(w, http.StatusCreated, h.userResource(u))
	return nil
}

func (h *handler) userGet(w http.ResponseWriter, r *http.Request) error {
	u, err := h.prov.User(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.userResource(u))
	return nil
}

// userList answers a query. userName and externalId comparisons are looked up
// in the database; the whole filter is then checked on each resource.
func (h *handler) userList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	var q auth.UserQuery
	for _, c := range f {
		s, _ := c.Value.(string)
		switch {
		case c.Path.Selector != nil || c.Path.Sub != "" || !isCore(c.Path.URN, schemaUser):
		case strings.EqualFold(c.Path.Attr, "userName"):
			q.Email = s
		case strings.EqualFold(c.Path.Attr, "externalId"):
			q.ExternalID = s
		}
	}
	us, _, err := h.prov.Users(r.Context(), q)
	if err != nil {
		return err
	}
	var out []object
	for _, u := range us {
		if o := h.userResource(u); matches(o, f) {
			out = append(out, project(o, r))
		}
	}
	start, count := paging(r)
	listResponse(w, out, start, count)
	return nil
}

func isCore(urn, schema string) bool { return urn == "" || strings.EqualFold(urn, schema) }

// project drops the attributes the query's excludedAttributes names.
func project(o object, r *http.Request) object {
	for _, a := range strings.Split(r.URL.Query().Get("excludedAttributes"), ",") {
		if a = strings.TrimSpace(a); a != "" && !strings.EqualFold(a, "id") && !strings.EqualFold(a, "schemas") {
			delete(o, key(o, a))
		}
	}
	return o
}

func (h *handler) userReplace(w http.ResponseWriter, r *http.Request) error {
	var o object
	if err := readObject(r, &o); err != nil {
		return err
	}
	return h.saveUser(w, r, o)
}

func (h *handler) userPatch(w http.ResponseWriter, r *http.Request) error {
	var req patchRequest
	if err := readObject(r, &req); err != nil {
		return err
	}
	u, err := h.prov.User(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	o := h.userResource(u)
	if err := applyPatch(o, req.Operations); err != nil {
		return err
	}
	return h.saveUser(w, r, o)
}

// saveUser stores a replaced or patched resource and answers with it.
func (h *handler) saveUser(w http.ResponseWriter, r *http.Request, o object) error {
	u, err := userFromResource(o)
	if err != nil {
		return err
	}
	u.ID = r.PathValue("id")
	if u, err = h.prov.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.userResource(u))
	return nil
}

func (h *handler) userDelete(w http.ResponseWriter, r *http.Request) error {
	if err := h.prov.DeleteUser(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
