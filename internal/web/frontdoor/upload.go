package frontdoor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Blobs keeps uploaded files by content address (lower-case sha256 hex).
// The blob package's drivers implement it (or a one-line adapter does).
type Blobs interface {
	Put(ctx context.Context, key string, r io.Reader) error
}

// headBytes is how much of a file is sniffed: enough to tell Word from Excel.
const headBytes = 64 << 10

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

// storeUpload checks a file by its name and content and keeps it under its
// sha256, named by StoredFileName: programs and scripts are refused by any
// extension of their name and by their bytes (all of them, so a polyglot
// with a script after its image data is found).
func (h *handler) storeUpload(ctx context.Context, q *service.Question, fh *multipart.FileHeader) (*service.FileRef, error) {
	if msg := service.CheckUploadName(fh.Filename); msg != "" {
		return nil, service.FieldErrors{{Field: q.ID, Message: msg}}.Err()
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("opening upload: %w", err)
	}
	defer f.Close()
	head := make([]byte, headBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading upload: %w", err)
	}
	name := cleanName(fh.Filename)
	if err := service.CheckFile(q, name, head[:n], fh.Size); err != nil {
		return nil, err
	}
	if h.Blobs == nil {
		return nil, fault.New(fault.Unavailable, "file uploads are not configured")
	}
	key, dangerous, err := hashFile(f)
	if err != nil {
		return nil, err
	}
	if dangerous {
		return nil, service.FieldErrors{{Field: q.ID, Message: service.MessageExecutable}}.Err()
	}
	if err := h.Blobs.Put(ctx, key, f); err != nil {
		return nil, fmt.Errorf("storing upload: %w", err)
	}
	ct := service.SniffContentType(name, head[:n])
	return &service.FileRef{Key: key, Name: service.StoredFileName(fh.Filename, ct), ContentType: ct, Size: fh.Size}, nil
}

// hashFile returns the sha256 of f, whether its bytes are a program or hold
// active content (service.ContentScan), and rewinds it for storing.
func hashFile(f multipart.File) (string, bool, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false, err
	}
	sum := sha256.New()
	var scan service.ContentScan
	if _, err := io.Copy(io.MultiWriter(sum, &scan), f); err != nil {
		return "", false, fmt.Errorf("hashing upload: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false, err
	}
	return hex.EncodeToString(sum.Sum(nil)), scan.Dangerous(), nil
}

// cleanName keeps the base of a browser-sent file name, without control
// characters, at most 200 bytes: it is shown to officers and residents.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[:200]
	}
	if name == "" || name == "." || name == "/" {
		return "upload"
	}
	return name
}
