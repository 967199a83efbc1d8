package open311

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// sentBy reports whether client p sent request c: an update speaks for the
// request's reporter, which only the client they reported through can do.
// The client is its key (a rotated key's successor is another client), and a
// request made on the front door or the JSON API belongs to no Open311 client.
func sentBy(p access.Principal, c cases.Case) bool {
	return c.Channel == cases.ChannelOpen311 && c.CreatedBy == p.UserID
}

// updateCreate answers POST servicerequestupdates.{fmt}, mySociety's
// extension by which FixMyStreet passes on what a reporter added to their
// report (a comment, a photo link). It lands on the officer's timeline as an
// internal note naming who sent it; residents cannot change a case's state
// this way, so a status sent with it is recorded, not applied. FixMyStreet
// resends an update it is unsure about: the same update_id from the same
// api_key adds nothing the second time and gets the same answer.
func (h *handler) updateCreate(w http.ResponseWriter, r *http.Request, format string) error {
	f, files, err := updateForm(r)
	if err != nil {
		return err
	}
	p, err := h.writer(r, Request{APIKey: f.Get("api_key"), JurisdictionID: f.Get("jurisdiction_id")})
	if err != nil {
		return err
	}
	ref, updateID := strings.TrimSpace(f.Get("service_request_id")), strings.TrimSpace(f.Get("update_id"))
	text := updateNote(f.Get("first_name"), f.Get("last_name"), f.Get("email"), f.Get("status"), f.Get("description"), f["media_url"])
	switch {
	case ref == "":
		return errBadRequest("service_request_id is required")
	case strings.TrimSpace(f.Get("description")) == "" && len(f["media_url"]) == 0 && len(files) == 0:
		return errBadRequest("description is required")
	case strings.ContainsRune(text, 0):
		return errBadRequest("description: text must not include a NUL character")
	}
	photos, err := h.updatePhotos(r, files, p.UserID, ref)
	if err != nil {
		return err
	}
	notFound := errNotFound("service_request_id " + ref + " not found")
	var answer updateItem
	// The case is read once, by the note: accept checks it before the note
	// is written.
	accept := func(c cases.Case) error {
		i := slices.IndexFunc(h.exposed(), func(d *service.Definition) bool { return d.ID == c.ServiceID })
		if i < 0 {
			return notFound
		}
		if len(p.Services) > 0 && !slices.Contains(p.Services, c.ServiceID) || !sentBy(p, c) {
			return errForbidden("api_key may not update " + ref)
		}
		answer = updateItem{ServiceRequestID: c.Ref, Status: extendedStatus(h.exposed()[i], c.State), UpdatedDatetime: stamp(h.now())}
		if updateID == "" {
			return nil
		}
		// Claim the update first, so that identical requests sent at once
		// add one note between them.
		claim := newClaim()
		won, stored, err := h.Tickets.SaveIdempotentRequest(r.Context(), "open311-update:"+p.UserID+":"+updateID, claim, c.Ref+"/"+claim, h.now())
		if err != nil {
			return err
		}
		answer.UpdateID = strings.TrimPrefix(stored, c.Ref+"/")
		if won != claim {
			return errAlreadyAdded
		}
		return nil
	}
	ev, err := h.Cases.Note(r.Context(), access.System, cases.NoteRequest{Ref: ref, Text: text, Visibility: cases.Internal, Accept: accept, Photos: photos})
	switch {
	case errors.Is(err, errAlreadyAdded):
		return writeList(w, format, http.StatusOK, "service_request_updates", []updateItem{answer})
	case errors.Is(err, fault.NotFound):
		return notFound
	case err != nil:
		return err
	}
	if answer.UpdateID == "" {
		answer.UpdateID = newClaim()
	}
	answer.UpdatedDatetime = stamp(ev.At)
	return writeList(w, format, http.StatusOK, "service_request_updates", []updateItem{answer})
}

// errAlreadyAdded stops a note whose update id was claimed before: the
// first request's answer is sent again.
var errAlreadyAdded = errors.New("open311: update already added")

// updateNote is what the officer reads: who sent the update, and what.
func updateNote(first, last, email, status, description string, media []string) string {
	who := strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last))
	if who == "" {
		who = "the reporter"
	}
	if email = strings.TrimSpace(email); email != "" {
		who += " (" + email + ")"
	}
	lines := []string{"Update from " + who + " through Open311:", "", strings.TrimSpace(description)}
	if len(media) > 0 {
		lines = append(lines, "", "Photos: "+strings.Join(media, " "))
	}
	if status = strings.TrimSpace(status); status != "" {
		lines = append(lines, "", "Status sent with it (not applied): "+status)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func newClaim() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// updateForm reads an update's fields, form-encoded or (with photos)
// multipart, and its photo1…photoN files in order.
func updateForm(r *http.Request) (url.Values, []*multipart.FileHeader, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return nil, nil, errBadRequest("the body must be form-encoded")
		}
		return r.PostForm, nil, nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxTotalUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, nil, errBadRequest("malformed multipart body")
	}
	var files []*multipart.FileHeader
	for n := 1; n <= cases.MaxUpdatePhotos+1; n++ {
		fhs := r.MultipartForm.File["photo"+strconv.Itoa(n)]
		if len(fhs) == 0 {
			continue
		}
		if n > cases.MaxUpdatePhotos || len(fhs) > 1 {
			return nil, nil, errBadRequest(fmt.Sprintf("at most %d photos, one each in photo1…photo%d", cases.MaxUpdatePhotos, cases.MaxUpdatePhotos))
		}
		files = append(files, fhs[0])
	}
	return url.Values(r.MultipartForm.Value), files, nil
}

// updatePhotos keeps an update's photos through the one photo path: each
// scanned for malware as sent, then cleaned, before the note is written.
// A refused photo refuses the update, naming the field.
func (h *handler) updatePhotos(r *http.Request, files []*multipart.FileHeader, actor, ref string) ([]*service.FileRef, error) {
	if len(files) == 0 {
		return nil, nil
	}
	if h.Uploads == nil {
		return nil, errBadRequest("photo uploads are not accepted by this server: send media_url instead")
	}
	var out []*service.FileRef
	for i, fh := range files {
		field := "photo" + strconv.Itoa(i+1)
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		ref, err := h.Uploads.StorePhoto(r.Context(), field, web.UploadFile{Name: fh.Filename, Size: fh.Size, Body: f}, actor, ref)
		f.Close()
		var ve *service.ValidationError
		switch {
		case errors.As(err, &ve) && len(ve.Errors) > 0:
			return nil, errBadRequest(field + ": " + ve.Errors[0].Message)
		case err != nil:
			return nil, err
		}
		out = append(out, ref)
	}
	return out, nil
}
