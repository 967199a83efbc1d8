package workspace

import (
	"net/http"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// raisePage is the data of "Raise a request".
type raisePage struct {
	Services    []link
	AssistedURL string
}

// raiseList lists the services the caller may raise a request on: those whose
// audience includes staff (for staff) or councillors (for councillors). Each
// links to the front door's question pages for that service.
func (h *handler) raiseList(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	data := raisePage{Services: h.raisable(p)}
	if p.Kind == access.KindStaff {
		data.AssistedURL = h.AssistedURL
	}
	return h.page(w, r, http.StatusOK, "raise", data)
}

func (h *handler) raisable(p access.Principal) []link {
	if h.Services == nil || h.Services.Load() == nil {
		return nil
	}
	want := service.AudienceStaff
	if p.Kind == access.KindCouncillor {
		want = service.AudienceCouncillor
	}
	var out []link
	for _, d := range h.Services.Load().All() {
		if slices.Contains(d.Audience, want) {
			out = append(out, link{URL: h.startURL(d.ID), Label: d.Name, Hint: d.Summary})
		}
	}
	slices.SortFunc(out, func(a, b link) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	return out
}

func (h *handler) startURL(id string) string {
	if h.StartURL != nil {
		return h.StartURL(id)
	}
	return "/services/" + id
}
