package workspace

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// mergePage is the data of the "close as a duplicate" page.
type mergePage struct {
	Ref, Service, Action, Back string
	Version                    int
	Sensitive                  bool
	Candidates                 []mergeCandidate
	// Original is the box for another report's reference, with its error.
	Original web.Field
	Errors   []web.FieldError
}

// mergeCandidate is one report offered, as the page lists it.
type mergeCandidate struct {
	Ref, URL, Status, Why, Reported string
}

// FieldErrors lists the page's problems for the error summary.
func (d mergePage) FieldErrors() []web.FieldError { return d.Errors }

// mergeForm offers the reports case ref may duplicate: those the case
// service suggests (nearby, or from the same person), each with its own
// button, and a box for any other reference. A case the caller may not
// merge is 404, like one that does not exist.
func (h *handler) mergeForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.mergeData(r, r.PathValue("ref"), "", nil)
	if err != nil {
		return err
	}
	return h.page(w, r, http.StatusOK, "merge", d)
}

// mergePost closes the case as a duplicate of the report chosen, in one
// call to the case service. A reference it refuses shows the page again
// with the reason; a case changed meanwhile shows the case as it is now.
func (h *handler) mergePost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "merge form")
	}
	ref, original := r.PathValue("ref"), r.PostFormValue(cases.MergeField)
	m, err := h.Cases.Merge(r.Context(), principal(r), ref, cases.MergeRequest{Original: original, Version: formVersion(r)})
	var ve *service.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, withDone(caseURL(m.Duplicate.Ref), "merged"), http.StatusSeeOther)
		return nil
	case errors.Is(err, fault.Forbidden):
		return fault.Wrap(fault.NotFound, err, "merge "+ref)
	case !errors.As(err, &ve):
		return h.actionFailed(w, r, ref, err)
	}
	d, err := h.mergeData(r, ref, original, ve.Errors)
	if err != nil {
		return err
	}
	return h.page(w, r, http.StatusUnprocessableEntity, "merge", d)
}

// mergeData lays out the page from the case service's answers.
func (h *handler) mergeData(r *http.Request, ref, typed string, errs service.FieldErrors) (mergePage, error) {
	p := principal(r)
	a, err := h.Cases.Actions(r.Context(), p, ref)
	if err != nil {
		return mergePage{}, err
	}
	if !a.Merge {
		return mergePage{}, fault.New(fault.NotFound, "merge %s", ref)
	}
	found, err := h.Cases.MergeCandidates(r.Context(), p, ref)
	if err != nil {
		return mergePage{}, err
	}
	c := a.Case
	d := mergePage{
		Ref: c.Ref, Service: h.serviceName(c.ServiceID), Action: caseURL(c.Ref) + "/duplicate", Back: caseURL(c.Ref),
		Version: c.Version, Sensitive: isSensitive(&c),
		Original: web.Field{ID: cases.MergeField, Label: "Reference of the original report", Value: typed,
			Hint: "For example, K7QD-M2XH", Width: "10", NoSpellcheck: true},
	}
	for _, f := range found {
		d.Candidates = append(d.Candidates, mergeCandidate{Ref: f.Case.Ref, URL: caseURL(f.Case.Ref), Status: f.Status,
			Why: candidateWhy(f), Reported: formatDate(f.Case.SubmittedAt)})
	}
	for _, e := range errs {
		d.Errors = append(d.Errors, web.FieldError{Field: e.Field, Message: e.Message})
		if e.Field == cases.MergeField {
			d.Original.Error = e.Message
		}
	}
	return d, nil
}

// candidateWhy says why a report is offered.
func candidateWhy(f cases.MergeCandidate) string {
	switch {
	case f.Metres == 1:
		return "1 metre away"
	case f.Metres >= 0:
		return strconv.Itoa(f.Metres) + " metres away"
	}
	return "Reported by the same person"
}
