package api

import (
	"net/http"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// visible lists the services a token is scoped to.
func (h *handler) visible(p access.Principal) []*service.Definition {
	var out []*service.Definition
	for _, d := range h.Services.Load().All() {
		if len(p.Services) == 0 || slices.Contains(p.Services, d.ID) {
			out = append(out, d)
		}
	}
	return out
}

// serviceList answers GET /api/v1/services.
func (h *handler) serviceList(w http.ResponseWriter, r *http.Request) error {
	out := []serviceJSON{}
	for _, d := range h.visible(web.PrincipalFrom(r.Context())) {
		out = append(out, toServiceJSON(d))
	}
	return write(w, http.StatusOK, map[string]any{"services": out})
}

// serviceGet answers GET /api/v1/services/{id} with the whole definition:
// its questions (for building a submission), workflow and transitions.
func (h *handler) serviceGet(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	for _, d := range h.visible(web.PrincipalFrom(r.Context())) {
		if d.ID == id {
			return write(w, http.StatusOK, d)
		}
	}
	return fault.New(fault.NotFound, "no service %q", id)
}
