package workspace

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// attachField is the case page's file upload field.
const attachField = "document"

// attachQuestion is what an officer's document must be: the types and size a
// resident's file question accepts by default.
var attachQuestion = service.Question{ID: attachField, Type: service.TypeFile}

// caseAttach takes a document an officer uploads on the case page. It goes
// through web.Uploads, the path residents' uploads take (name, content and
// malware checks), then cases.Service.Attach, which checks the officer may
// act on the case, puts it on the timeline and audits it.
func (h *handler) caseAttach(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	p := principal(r)
	c, err := h.Cases.ForWork(r.Context(), p, ref) // before the upload is kept; not a view
	if err != nil {
		return err
	}
	file, err := h.storeAttachment(r, c.Ref)
	var ve *service.ValidationError
	if errors.As(err, &ve) {
		data, lerr := h.caseData(r, c.Ref)
		if lerr != nil {
			return lerr
		}
		for _, fe := range ve.Errors {
			data.AttachErrors = append(data.AttachErrors, web.FieldError{Field: attachField, Message: fe.Message})
		}
		return h.page(w, r, http.StatusUnprocessableEntity, "case", data)
	}
	if err != nil {
		return err
	}
	if _, err := h.Cases.Attach(r.Context(), p, c.Ref, *file); err != nil {
		return err
	}
	http.Redirect(w, r, withDone(caseURL(c.Ref), "attached")+"#documents", http.StatusSeeOther)
	return nil
}

// storeAttachment checks and keeps the posted file; no file chosen is a field error.
func (h *handler) storeAttachment(r *http.Request, ref string) (*service.FileRef, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[attachField]) == 0 || r.MultipartForm.File[attachField][0].Filename == "" {
		return nil, service.FieldErrors{{Field: attachField, Message: "Select a document"}}.Err()
	}
	fh := r.MultipartForm.File[attachField][0]
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("opening upload: %w", err)
	}
	defer f.Close()
	if h.Uploads == nil {
		return nil, fault.New(fault.Unavailable, "document storage is not configured")
	}
	q := attachQuestion
	return h.Uploads.Store(r.Context(), &q, web.UploadFile{Name: fh.Filename, Size: fh.Size, Body: f}, principal(r).UserID, ref)
}
