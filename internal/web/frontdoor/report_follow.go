package frontdoor

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// followPost follows a public report with an email address or UK mobile
// number, instead of reporting the same problem again. A bad address or a
// closed report shows the report page again with the error; following
// twice is one follow (the domain makes sure).
func (h *handler) followPost(w http.ResponseWriter, r *http.Request) error {
	contact := r.PostFormValue("contact")
	rep, err := h.Cases.Follow(r.Context(), r.PathValue("ref"), contact, web.LangOf(r))
	var invalid *service.ValidationError
	switch {
	case errors.As(err, &invalid):
		return h.renderReport(w, r, http.StatusUnprocessableEntity, contact,
			service.FieldErrors{{Field: "contact", Message: web.T(r, "Enter an email address or a UK mobile number, like name@example.com or 07700 900 982")}})
	case errors.Is(err, fault.Conflict):
		return h.renderReport(w, r, http.StatusConflict, contact,
			service.FieldErrors{{Field: "contact", Message: web.T(r, "This report is closed, so it cannot be followed")}})
	case err != nil:
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "following", rep)
}

// renderReport shows a public report, with the follow form's value and errors.
func (h *handler) renderReport(w http.ResponseWriter, r *http.Request, status int, contact string, errs service.FieldErrors) error {
	rep, err := h.Cases.Report(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	page := reportPage{PublicReport: rep, Errors: web.FromService(errs),
		Contact: web.Field{ID: "contact", Label: web.T(r, "Email address or mobile number"), Value: contact, Autocomplete: "email",
			Hint: web.T(r, "We will tell you each time the report is updated."), Error: errs.Get("contact"), NoSpellcheck: true}}
	if rep.HasPoint {
		page.Lat = strconv.FormatFloat(rep.Point.Lat, 'f', -1, 64)
		page.Lng = strconv.FormatFloat(rep.Point.Lng, 'f', -1, 64)
		page.Map = h.mapOf(w, r, rep.Point, []cases.PublicReport{rep}, false)
	}
	return h.rd.Render(w, r, status, "report", page)
}

// alreadyReported lists the open reports of the same service near the
// place just chosen, to follow one rather than report it again.
type alreadyReported struct {
	ServiceName string
	Reports     []cases.PublicReport
	Continue    string
	Back        string
}

// alreadyReportedGet shows the open reports near the draft's place; with
// none it goes on to the page after the place.
func (h *handler) alreadyReportedGet(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	page, _, ok := def.PageByID(r.URL.Query().Get("from"))
	if !ok {
		return fault.New(fault.NotFound, "service %s has no page %q", def.ID, r.URL.Query().Get("from"))
	}
	next := h.after(def, page, d.Answers, false)
	at, ok := cases.PointOf(def, d.Answers)
	var near []cases.PublicReport
	if ok {
		if near, err = h.Cases.Nearby(r.Context(), def.ID, at); err != nil {
			return err
		}
	}
	if len(near) == 0 {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return h.rd.Render(w, r, http.StatusOK, "already_reported",
		alreadyReported{ServiceName: def.Name, Reports: near, Continue: next, Back: questionPath(def.ID, page.ID)})
}

// nearbyStop is where a page that placed a new report leads when open
// reports of the service are near it: "already reported?" first.
func (h *handler) nearbyStop(r *http.Request, def *service.Definition, page *service.Page, answers service.Answers) (string, error) {
	placed := false
	for _, q := range page.Questions {
		if l := answers[q.ID].Location; q.Type == service.TypeLocation && l != nil && l.Lat != nil {
			placed = true
		}
	}
	if !placed {
		return "", nil
	}
	at, _ := cases.PointOf(def, answers)
	near, err := h.Cases.Nearby(r.Context(), def.ID, at)
	if err != nil || len(near) == 0 {
		return "", err
	}
	return "/services/" + def.ID + "/already-reported?from=" + page.ID, nil
}
