package frontdoor

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// requestUpdatePath is where a signed-in resident adds an update to one of
// their requests.
func requestUpdatePath(ref string) string { return pathYourAccount + "/requests/" + ref + "/update" }

type requestUpdatePage struct {
	Ref, ServiceName, Action string
	Update, Photo            web.Field
	Errors                   []web.FieldError
}

// updatePhotoField is the update form's file field: one photo an update.
const updatePhotoField = "photo"

// FieldErrors lists the form's errors.
func (p requestUpdatePage) FieldErrors() []web.FieldError { return p.Errors }

// requestUpdateGet asks a signed-in resident for their update. The case
// service decides whether they may add one (their own open request); a
// request that is not theirs is "not found", like one that does not exist.
func (h *handler) requestUpdateGet(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	page, err := h.requestUpdatePage(r, a, "")
	if err != nil {
		return err
	}
	return h.rd.Render(w, r, http.StatusOK, "request_update", page)
}

// requestUpdatePost adds the update to the officer's timeline and goes back
// to the resident's requests; a refused text shows the form again.
func (h *handler) requestUpdatePost(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	text := r.PostFormValue(cases.ResidentUpdateField)
	photo, err := h.updatePhoto(r, a)
	if err == nil {
		var photos []*service.FileRef
		if photo != nil {
			photos = append(photos, photo)
		}
		_, err = h.Cases.AddResidentUpdate(r.Context(), web.LangOf(r), a.Principal(), r.PathValue("ref"), text, photos...)
	}
	var ve *service.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, pathYourAccount+"?added="+cases.NormaliseRef(r.PathValue("ref")), http.StatusSeeOther)
		return nil
	case errors.Is(err, fault.Conflict):
		return fault.Wrap(fault.NotFound, err, "update") // closed meanwhile: nothing to add to
	case !errors.As(err, &ve):
		return err
	}
	page, err := h.requestUpdatePage(r, a, text)
	if err != nil {
		return err
	}
	l := web.LangOf(r)
	for _, e := range ve.Errors {
		msg := web.Messages.Sprintf(l, e.Message) // a catalogue key, or already in l
		if e.Field == updatePhotoField {
			page.Photo.Error = msg
		} else {
			page.Update.Error = msg
		}
		page.Errors = append(page.Errors, web.FieldError{Field: e.Field, Message: msg})
	}
	return h.rd.Render(w, r, http.StatusUnprocessableEntity, "request_update", page)
}

// updatePhoto keeps the photo sent with an update, if one was chosen,
// through the one photo path (scanned as sent, then cleaned). The request
// is checked first, so nothing is kept for a request the resident may not
// update.
func (h *handler) updatePhoto(r *http.Request, a auth.ResidentAccount) (*service.FileRef, error) {
	fh := uploaded(r, updatePhotoField)
	if fh == nil {
		return nil, nil
	}
	if _, err := h.requestUpdatePage(r, a, ""); err != nil {
		return nil, err
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("opening photo: %w", err)
	}
	defer f.Close()
	u := &web.Uploads{Blobs: h.Blobs, Scanner: h.Scanner, Audit: h.Audit, Logger: h.Logger}
	ref := cases.NormaliseRef(r.PathValue("ref"))
	return u.StorePhoto(r.Context(), updatePhotoField, web.UploadFile{Name: fh.Filename, Size: fh.Size, Body: f}, a.Principal().UserID, ref)
}

func (h *handler) requestUpdatePage(r *http.Request, a auth.ResidentAccount, typed string) (requestUpdatePage, error) {
	c, err := h.Cases.Get(r.Context(), a.Principal(), r.PathValue("ref"))
	if err != nil {
		return requestUpdatePage{}, err
	}
	if !h.Cases.MayAddUpdate(a.Principal(), c) {
		return requestUpdatePage{}, fault.New(fault.NotFound, "update to %s", c.Ref)
	}
	l := web.LangOf(r)
	page := requestUpdatePage{Ref: c.Ref, ServiceName: c.ServiceID, Action: requestUpdatePath(c.Ref),
		Update: web.Field{ID: cases.ResidentUpdateField, Label: web.Messages.Sprintf(l, "Your update"), Rows: 6, Value: typed,
			Hint: web.Messages.Sprintf(l, "Tell us anything that has changed, such as the problem getting worse. The council will read it; it is not published.")}}
	page.Photo = web.Field{ID: updatePhotoField, Label: web.Messages.Sprintf(l, "Add a photo (optional)"),
		Hint: web.Messages.Sprintf(l, "A JPG or PNG photo, smaller than 10MB. Only the council will see it."), Accept: "image/jpeg,image/png"}
	if def, ok := h.Services.Load().Get(c.ServiceID); ok {
		page.ServiceName = def.In(l).Name
		if h.Cases.UpdatePhotosPublic(c) {
			page.Photo.Hint = web.Messages.Sprintf(l, "A JPG or PNG photo, smaller than 10MB. Anyone can see it on the report’s public page, without where or when it was taken, unless we remove it.")
		}
	}
	return page, nil
}
