package singleview

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// personSplit records that one record is not this person.
func (h *handler) personSplit(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "split form")
	}
	if err := h.People.Split(r.Context(), principal(r), id, r.PostFormValue("record"), r.PostFormValue("reason")); err != nil {
		return err
	}
	http.Redirect(w, r, personURL(id)+"?done=split", http.StatusSeeOther)
	return nil
}

// personLink confirms (same person) or dismisses (different people) a
// possible match.
func (h *handler) personLink(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "link form")
	}
	left, right, reason := r.PostFormValue("left"), r.PostFormValue("right"), r.PostFormValue("reason")
	decision := r.PostFormValue("decision")
	switch decision {
	case "same":
		err = h.People.Confirm(r.Context(), principal(r), left, right, reason)
	case "different":
		err = h.People.Dismiss(r.Context(), principal(r), left, right, reason)
	default:
		err = fault.New(fault.Invalid, "decision must be same or different")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, personURL(id)+"?done="+decision, http.StatusSeeOther)
	return nil
}
