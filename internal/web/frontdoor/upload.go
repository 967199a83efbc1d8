package frontdoor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Blobs keeps uploaded files by content address (lower-case sha256 hex)
// and opens them again (a report's public photos). The blob package's
// drivers implement it.
type Blobs interface {
	Put(ctx context.Context, key string, r io.Reader) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// takeUploads stores the files posted for the page's file questions and
// returns prior with their answers set. A refused file (empty, too big, of a
// type its content shows is not accepted) is a field error, and any earlier
// upload for that question is kept.
func (h *handler) takeUploads(r *http.Request, def *service.Definition, page *service.Page, prior service.Answers) (service.Answers, service.FieldErrors, error) {
	out := maps.Clone(prior)
	if out == nil {
		out = service.Answers{}
	}
	var errs service.FieldErrors
	for i := range page.Questions {
		q := &page.Questions[i]
		fh := uploaded(r, q.ID)
		if q.Type != service.TypeFile || fh == nil || !def.QuestionVisible(q, prior) {
			continue
		}
		ref, err := h.storeUpload(r.Context(), q, fh)
		var ve *service.ValidationError
		switch {
		case errors.As(err, &ve):
			errs = append(errs, ve.Errors...)
		case err != nil:
			return nil, nil, err
		default:
			out[q.ID] = service.Answer{File: ref}
		}
	}
	return out, errs, nil
}

// uploaded is the file posted for a question, or nil when none was chosen.
func uploaded(r *http.Request, id string) *multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	fhs := r.MultipartForm.File[id]
	if len(fhs) == 0 || (fhs[0].Filename == "" && fhs[0].Size == 0) {
		return nil
	}
	return fhs[0]
}

// storeUpload checks and keeps a resident's file through web.Uploads, the
// one upload path (names, content, malware scan).
func (h *handler) storeUpload(ctx context.Context, q *service.Question, fh *multipart.FileHeader) (*service.FileRef, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("opening upload: %w", err)
	}
	defer f.Close()
	u := &web.Uploads{Blobs: h.Blobs, Scanner: h.Scanner, Audit: h.Audit, Logger: h.Logger}
	return u.Store(ctx, q, web.UploadFile{Name: fh.Filename, Size: fh.Size, Body: f}, "anonymous", "service:"+q.ID)
}
