package workspace

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// transitionPage is the data of the transition form.
type transitionPage struct {
	Ref, Title, Action, Back string
	Version                  int
	Sensitive                bool
	Fields                   []fieldView
	Errors                   []web.FieldError
}

// transitionForm asks for the answers a transition needs. The case service
// says which transitions the caller may apply; any other is 404, so the form
// never reveals a workflow the caller cannot use.
func (h *handler) transitionForm(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Cases.Actions(r.Context(), principal(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	t, ok := a.Transition(r.PathValue("id"))
	if !ok {
		return fault.New(fault.NotFound, "transition %q", r.PathValue("id"))
	}
	return h.page(w, r, http.StatusOK, "transition", transitionData(a.Case, t, nil, nil))
}

// transitionPost applies a transition in one call to the case service,
// which decodes and checks the posted answers. Wrong answers show the form
// again with an error summary; a stale version shows the case as it is now.
func (h *handler) transitionPost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "transition form")
	}
	ref, version := r.PathValue("ref"), formVersion(r)
	a, err := h.Cases.Apply(r.Context(), principal(r), ref, cases.TransitionRequest{
		Transition: r.PathValue("id"), Form: service.Form(r.PostForm), Version: version})
	switch {
	case err == nil:
		http.Redirect(w, r, withDone(caseURL(a.Case.Ref), "transitioned"), http.StatusSeeOther)
		return nil
	case unusable(err):
		return fault.Wrap(fault.NotFound, err, "transition "+r.PathValue("id"))
	case !errors.Is(err, fault.Invalid) || len(a.Transition.Fields) == 0:
		return h.actionFailed(w, r, ref, err)
	}
	a.Case.Version = version
	data := transitionData(a.Case, a.Transition, r.PostForm, validationErrors(err, a.Transition.Fields[0]))
	return h.page(w, r, http.StatusUnprocessableEntity, "transition", data)
}

// unusable: a transition the caller may not apply now (no role for it, or
// none of that id from the case's state) is 404 like one that does not exist.
func unusable(err error) bool {
	return errors.Is(err, fault.Forbidden) || errors.Is(err, cases.ErrNoTransition)
}

func transitionData(c cases.Case, t cases.AllowedTransition, form url.Values, errs service.FieldErrors) transitionPage {
	d := transitionPage{
		Ref: c.Ref, Title: t.Label, Action: caseURL(c.Ref) + "/transitions/" + t.ID, Back: caseURL(c.Ref),
		Version: c.Version, Sensitive: isSensitive(&c), Fields: fieldViews(t.Fields, form, errs, t.Teams),
	}
	for _, e := range errs {
		d.Errors = append(d.Errors, web.FieldError{Field: e.Field, Message: e.Message})
	}
	return d
}

// validationErrors are the field errors of the case service's check; one
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
