package workspace

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/access"

	"github.com/guildhall-platform/guildhall/internal/web"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// transitionPage is the data of the transition form.
type transitionPage struct {
	Ref, Title, Action, Back string
	Version                  int
	Sensitive                bool
	Fields                   []fieldView
	Errors                   []web.FieldError
}

// transitionForm asks for the fields a transition needs.
func (h *handler) transitionForm(w http.ResponseWriter, r *http.Request) error {
	c, t, err := h.loadTransition(r, 0)
	if err != nil {
		return err
	}
	teams, err := h.teamsFor(r, t)
	if err != nil {
		return err
	}
	data := transitionData(c, t, nil, nil, teams)
	return h.page(w, r, http.StatusOK, "transition", data)
}

// transitionPost applies a transition. Missing fields show the form again
// with an error summary; a stale version shows the case as it is now.
func (h *handler) transitionPost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "transition form")
	}
	version := formVersion(r)
	c, t, err := h.loadTransition(r, version)
	if err != nil {
		return h.actionFailed(w, r, r.PathValue("ref"), err)
	}
	answers, errs := decodeFields(t.Fields, r.PostForm, h.now())
	if len(errs) == 0 {
		_, err = h.Cases.Transition(r.Context(), principal(r), c.Ref, t.ID, answers, version)
		if err == nil {
			http.Redirect(w, r, withDone(caseURL(c.Ref), "transitioned"), http.StatusSeeOther)
			return nil
		}
		if !errors.Is(err, fault.Invalid) || len(t.Fields) == 0 {
			return h.actionFailed(w, r, c.Ref, err)
		}
		errs = validationErrors(err, t.Fields[0])
	}
	c.Version = version
	teams, err := h.teamsFor(r, t)
	if err != nil {
		return err
	}
	data := transitionData(c, t, r.PostForm, errs, teams)
	return h.page(w, r, http.StatusUnprocessableEntity, "transition", data)
}

// loadTransition reads the case through the policy and finds a transition the
// caller may apply from its state; anything else is 404, so the form never
// reveals a case or a workflow the caller cannot use. A version (when not 0)
// that is not the case's is fault.Conflict before anything else, because the
// transition may no longer apply to the changed case.
func (h *handler) loadTransition(r *http.Request, version int) (cases.Case, service.Transition, error) {
	p := principal(r)
	c, err := h.Cases.Get(r.Context(), p, r.PathValue("ref"))
	if err != nil {
		return c, service.Transition{}, err
	}
	if version != 0 && version != c.Version && h.mayAct(p, h.definition(c.ServiceID), &c) {
		return c, service.Transition{}, fault.New(fault.Conflict, "case %s changed", c.Ref)
	}
	def := h.definition(c.ServiceID)
	id := r.PathValue("id")
	if !h.mayAct(p, def, &c) {
		return c, service.Transition{}, fault.New(fault.NotFound, "transition %q", id)
	}
	for _, l := range h.allowedTransitions(p, &c) {
		if l.ID == id {
			t, _ := def.Transition(id)
			return c, t, nil
		}
	}
	return c, service.Transition{}, fault.New(fault.NotFound, "transition %q from %q", id, c.State)
}

// teamsFor lists the council's teams when the transition has a team field.
func (h *handler) teamsFor(r *http.Request, t service.Transition) ([]access.Team, error) {
	for _, q := range t.Fields {
		if q.Type == service.TypeTeam {
			return h.Cases.Teams(r.Context())
		}
	}
	return nil, nil
}

func transitionData(c cases.Case, t service.Transition, form url.Values, errs service.FieldErrors, teams []access.Team) transitionPage {
	d := transitionPage{
		Ref: c.Ref, Title: t.Label, Action: caseURL(c.Ref) + "/transitions/" + t.ID, Back: caseURL(c.Ref),
		Version: c.Version, Sensitive: isSensitive(&c), Fields: fieldViews(t.Fields, form, errs, teams),
	}
	for _, e := range errs {
		d.Errors = append(d.Errors, web.FieldError{Field: e.Field, Message: e.Message})
	}
	return d
}

// validationErrors are the field errors of the case service's own check; one
// without fields is pinned to the first field, so the summary has a link.
func validationErrors(err error, first service.Question) service.FieldErrors {
	var ve *service.ValidationError
	if errors.As(err, &ve) && len(ve.Errors) > 0 {
		return ve.Errors
	}
	return service.FieldErrors{{Field: first.ID, Message: "Check " + lowerFirst(first.Label)}}
}

// FieldErrors lists the transition's missing or wrong fields.
func (d transitionPage) FieldErrors() []web.FieldError { return d.Errors }
