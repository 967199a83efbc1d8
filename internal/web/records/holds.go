package records

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type holdsPage struct {
	Holds  []holdRow
	Kind   web.Field
	Target web.Field
	Reason web.Field
	errors []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *holdsPage) FieldErrors() []web.FieldError { return p.errors }

type holdRow struct {
	ID                 int64
	Covers, Reason, By string
	Placed, Released   string
	Active             bool
}

var holdKinds = []web.Option{
	{Value: records.HoldCase, Label: "One case", Hint: "Give its reference"},
	{Value: records.HoldDocument, Label: "One document", Hint: "Give its number"},
	{Value: records.HoldService, Label: "Every case of a service", Hint: "Give the service's id, such as complaint"},
	{Value: records.HoldClass, Label: "Every document of a file plan class", Hint: "Give the class, such as 2.3; its sub-classes are held too"},
}

func newHoldsPage() *holdsPage {
	return &holdsPage{
		Kind:   web.Field{ID: "kind", Label: "What does the hold cover?", Options: holdKinds},
		Target: web.Field{ID: "target", Label: "Reference, number, service or class", NoSpellcheck: true, Width: "20"},
		Reason: web.Field{ID: "reason", Label: "Reason", Hint: "For example: the claim or investigation it is for"},
	}
}

func (h *handler) holdList(w http.ResponseWriter, r *http.Request) error {
	return h.renderHolds(w, r, http.StatusOK, newHoldsPage())
}

func (h *handler) renderHolds(w http.ResponseWriter, r *http.Request, status int, p *holdsPage) error {
	holds, err := h.Records.Holds(r.Context(), principal(r))
	if err != nil {
		return err
	}
	for _, hd := range holds {
		row := holdRow{ID: hd.ID, Covers: hd.Kind + " " + hd.Target, Reason: hd.Reason, By: hd.CreatedBy, Placed: date(hd.CreatedAt), Active: hd.Active()}
		if hd.ReleasedAt != nil {
			row.Released = date(*hd.ReleasedAt)
		}
		p.Holds = append(p.Holds, row)
	}
	return h.render.Render(w, r, status, "holds", p)
}

func (h *handler) holdPlace(w http.ResponseWriter, r *http.Request) error {
	p := newHoldsPage()
	p.Kind.Value, p.Target.Value, p.Reason.Value = r.PostFormValue("kind"), r.PostFormValue("target"), r.PostFormValue("reason")
	_, err := h.Records.PlaceHold(r.Context(), principal(r), records.HoldTarget{Kind: p.Kind.Value, Target: p.Target.Value}, p.Reason.Value)
	if errors.Is(err, fault.Invalid) {
		p.Reason.Error = fault.Public(err)
		p.errors = []web.FieldError{{Field: "reason", Message: p.Reason.Error}}
		return h.renderHolds(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, PathHolds, http.StatusSeeOther)
	return nil
}

func (h *handler) holdRelease(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Records.ReleaseHold(r.Context(), principal(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, PathHolds, http.StatusSeeOther)
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
