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
	// Blocked are the items on the disposition list the hold blocks now.
	Blocked []string
}

var holdKinds = []web.Option{
	{Value: records.HoldCase, Label: "One case", Hint: "Give its reference"},
	{Value: records.HoldDocument, Label: "One document", Hint: "Give its number"},
	{Value: records.HoldService, Label: "Every case of a service", Hint: "Give the service's id, such as complaint"},
	{Value: records.HoldClass, Label: "Every document of a file plan class", Hint: "Give the class, such as 2.3; its sub-classes are held too"},
	{Value: records.HoldPerson, Label: "A person: every case, document and record linked to them", Hint: "Give the key of one of their records in the single view, such as case:K7QD-M2XH; what is linked to them when a disposal is decided is held"},
	{Value: records.HoldSearch, Label: "Whatever a search finds", Hint: "Give the words; whatever they find among cases and documents when a disposal is decided is held"},
}

func newHoldsPage() *holdsPage {
	return &holdsPage{
		Kind:   web.Field{ID: "kind", Label: "What does the hold cover?", Options: holdKinds},
		Target: web.Field{ID: "target", Label: "Reference, number, service, class, record key or search words", NoSpellcheck: true, Width: "20"},
		Reason: web.Field{ID: "reason", Label: "Reason", Hint: "For example: the claim or investigation it is for"},
	}
}

func (h *handler) holdList(w http.ResponseWriter, r *http.Request) error {
	return h.renderHolds(w, r, http.StatusOK, newHoldsPage())
}

func (h *handler) renderHolds(w http.ResponseWriter, r *http.Request, status int, p *holdsPage) error {
	holds, err := h.Records.HoldReports(r.Context(), principal(r))
	if err != nil {
		return err
	}
	for _, hd := range holds {
		row := holdRow{ID: hd.ID, Covers: hd.Covers(), Reason: hd.Reason, By: hd.CreatedBy, Placed: date(hd.CreatedAt), Active: hd.Active()}
		for _, d := range hd.Blocked {
			row.Blocked = append(row.Blocked, h.dueRow(d).What)
		}
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
