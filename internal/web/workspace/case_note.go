package workspace

import (
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/web"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// caseNote adds an internal note, one sent to the resident, or a public
// update.
func (h *handler) caseNote(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "note form")
	}
	ref := r.PathValue("ref")
	vis := cases.Internal
	switch v := cases.Visibility(r.PostFormValue("visibility")); v {
	case cases.Resident, cases.Public:
		vis = v
	}
	_, err := h.Cases.AddNote(r.Context(), principal(r), ref, r.PostFormValue("note"), vis)
	if errors.Is(err, fault.Invalid) {
		data, lerr := h.caseData(r, ref)
		if lerr != nil {
			return lerr
		}
		data.NoteErrors = []web.FieldError{{Field: "note", Message: "Enter the note"}}
		var ve *service.ValidationError
		if errors.As(err, &ve) && len(ve.Errors) > 0 {
			data.NoteErrors[0].Message = ve.Errors[0].Message
		}
		return h.page(w, r, http.StatusUnprocessableEntity, "case", data)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, withDone(caseURL(ref), "note")+"#timeline", http.StatusSeeOther)
	return nil
}
