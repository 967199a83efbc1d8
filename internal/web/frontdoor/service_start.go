package frontdoor

import (
	"net/http"
)

type startPage struct {
	Name, Summary string
	StartHref     string
	Assisted      bool
	// Resume is set when the session has answers in progress.
	Resume string
}

// serviceStart is a service's GOV.UK start page.
func (h *handler) serviceStart(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	first, ok := def.FirstPage(d.Answers)
	if !ok {
		return errNoPages(def.ID)
	}
	page := startPage{Name: def.Name, Summary: def.Summary, StartHref: questionPath(def.ID, first.ID), Assisted: assisted(r, def)}
	if d.ID != "" && len(d.Answers) > 0 {
		page.Resume = checkPath(def.ID)
	}
	return h.rd.Render(w, r, http.StatusOK, "service_start", page)
}
