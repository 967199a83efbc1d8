package records

import (
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type deferPage struct {
	ID     int64
	What   string
	For    web.Field
	Reason web.Field
	errors []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *deferPage) FieldErrors() []web.FieldError { return p.errors }

// keepFor is how long a records manager may keep a record past its date.
var keepFor = map[string]int{"1": 1, "2": 2, "5": 5}

func newDeferPage(id int64) *deferPage {
	return &deferPage{ID: id,
		For: web.Field{ID: "years", Label: "Keep it for", Options: []web.Option{
			{Value: "1", Label: "1 more year"}, {Value: "2", Label: "2 more years"}, {Value: "5", Label: "5 more years"}}},
		Reason: web.Field{ID: "reason", Label: "Why must it be kept?", Hint: "This is kept in the audit log, for example: a claim has been threatened."}}
}

func (h *handler) deferForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "defer", newDeferPage(id))
}

func (h *handler) deferPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := newDeferPage(id)
	p.For.Value, p.Reason.Value = r.PostFormValue("years"), strings.TrimSpace(r.PostFormValue("reason"))
	years, ok := keepFor[p.For.Value]
	if !ok {
		p.For.Error = "Choose how long to keep it"
		p.errors = append(p.errors, web.FieldError{Field: "years", Message: p.For.Error})
	}
	if p.Reason.Value == "" {
		p.Reason.Error = "Say why it must be kept"
		p.errors = append(p.errors, web.FieldError{Field: "reason", Message: p.Reason.Error})
	}
	if len(p.errors) > 0 {
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "defer", p)
	}
	err = h.Records.Defer(r.Context(), principal(r), id, h.now().AddDate(years, 0, 0), p.Reason.Value)
	if errors.Is(err, fault.Invalid) {
		p.errors = []web.FieldError{{Field: "reason", Message: fault.Public(err)}}
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "defer", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, PathDisposals, http.StatusSeeOther)
	return nil
}
