package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Blobs keeps file bytes by content address (lower-case SHA-256 hex); the
// blob store implements it.
type Blobs interface {
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the bytes stored under key, or fault.NotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// MaxAttachmentBytes is the largest attachment the API takes.
const MaxAttachmentBytes = 20 << 20

// attachmentTypes are the types an attachment may be, decided by its
// content (http.DetectContentType), never by its name or declared type.
var attachmentTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain; charset=utf-8"}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// attachmentJSON is a file on a case.
type attachmentJSON struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// Question is the question whose answer the file is; empty for an attachment.
	Question string `json:"question,omitempty"`
	URL      string `json:"url"`
}

func toAttachmentJSON(ref, question string, f service.FileRef) attachmentJSON {
	return attachmentJSON{Key: f.Key, Name: f.Name, ContentType: f.ContentType, Size: f.Size, Question: question,
		URL: "/api/v1/cases/" + ref + "/attachments/" + f.Key}
}

// attachmentUpload answers POST /api/v1/cases/{ref}/attachments: a file as
// multipart (field "file") or as the raw body with its Content-Type and a
// name in ?name= or Content-Disposition.
func (h *handler) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	p := web.PrincipalFrom(r.Context())
	// Whether p may work the case (a read-only token may not) is the case
	// service's decision, asked before the file is kept; it is not a view.
	c, err := h.Cases.ForWork(r.Context(), p, r.PathValue("ref"))
	if err != nil {
		return err
	}
	if h.Blobs == nil {
		return fault.New(fault.Unavailable, "document storage is not configured")
	}
	name, data, err := readUpload(r)
	if err != nil {
		return err
	}
	ct := http.DetectContentType(data)
	if !slices.Contains(attachmentTypes, ct) {
		return unsupportedType(w, r, ct)
	}
	if msg := service.CheckUploadName(name); msg != "" || service.DangerousContent(data) {
		unsupported(w, r, mediaError("programs and scripts are not accepted, whatever their name or type: "+
			"send a PDF, JPEG, PNG, GIF, WebP or plain text file"))
		return nil
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	msg, err := h.Uploads.Scan(r.Context(), web.UploadFile{Name: name, Size: int64(len(data)), Body: bytes.NewReader(data)}, key, p.UserID, c.Ref)
	if err != nil {
		return err
	}
	if msg != "" {
		return fieldError("file", msg)
	}
	ref := service.FileRef{Key: key, Name: service.StoredFileName(name, ct), ContentType: ct, Size: int64(len(data))}
	if err := h.Blobs.Put(r.Context(), ref.Key, bytes.NewReader(data)); err != nil {
		return err
	}
	if _, err := h.Cases.Attach(r.Context(), p, c.Ref, ref); err != nil {
		return err
	}
	out := toAttachmentJSON(c.Ref, "", ref)
	w.Header().Set("Location", out.URL)
	return write(w, http.StatusCreated, out)
}

// readUpload reads the file and its name, at most MaxAttachmentBytes.
func readUpload(r *http.Request) (string, []byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		_, dp, _ := mime.ParseMediaType(r.Header.Get("Content-Disposition"))
		data, err := readLimited(r.Body)
		return safeName(firstNonEmpty(r.URL.Query().Get("name"), dp["filename"]), "attachment"), data, err
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return "", nil, fault.New(fault.Invalid, "multipart body without a \"file\" part")
		}
		if part.FormName() == "file" {
			data, err := readLimited(part)
			return safeName(part.FileName(), "attachment"), data, err
		}
	}
}

func readLimited(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxAttachmentBytes+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || len(data) > MaxAttachmentBytes:
		return nil, web.ErrTooLarge
	case err != nil:
		return nil, fault.Wrap(fault.Invalid, err, "reading the file")
	case len(data) == 0:
		return nil, fieldError("file", "The file is empty")
	}
	return data, nil
}

// safeName keeps the last element of a client's file name, without control
// characters, so that a name can never address a path.
func safeName(name, fallback string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == ".." || strings.TrimSpace(name) == "" {
		return fallback
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return strings.ToValidUTF8(name, "")
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// unsupportedType answers 415 for a file whose content is not an accepted type.
func unsupportedType(w http.ResponseWriter, r *http.Request, ct string) error {
	unsupported(w, r, mediaError("the file's content is "+ct+"; accepted: PDF, JPEG, PNG, GIF, WebP or plain text"))
	return nil
}

// attachmentList answers GET /api/v1/cases/{ref}/attachments: attachments
// and the files of file questions.
func (h *handler) attachmentList(w http.ResponseWriter, r *http.Request) error {
	files, c, err := h.files(r)
	if err != nil {
		return err
	}
	out := make([]attachmentJSON, 0, len(files))
	for _, f := range files {
		out = append(out, toAttachmentJSON(c.Ref, f.question, f.ref))
	}
	return write(w, http.StatusOK, map[string]any{"attachments": out})
}

// attachmentGet answers GET /api/v1/cases/{ref}/attachments/{key}. Only a
// key that belongs to the case is served; the key is content, never a path.
func (h *handler) attachmentGet(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	if !keyPattern.MatchString(key) {
		return fault.New(fault.NotFound, "attachment %q", key)
	}
	files, _, err := h.files(r)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(files, func(f caseFile) bool { return f.ref.Key == key })
	if i < 0 || h.Blobs == nil {
		return fault.New(fault.NotFound, "attachment %s", key)
	}
	rc, err := h.Blobs.Open(r.Context(), key)
	if err != nil {
		return err
	}
	defer rc.Close()
	web.SetDownloadHeaders(w.Header(), "", files[i].ref)
	_, err = io.Copy(w, rc)
	return err
}

type caseFile struct {
	question string
	ref      service.FileRef
}

// files lists a case's files through the case service, which applies the
// access policy: a case the caller may not see is fault.NotFound.
func (h *handler) files(r *http.Request) ([]caseFile, cases.Case, error) {
	p := web.PrincipalFrom(r.Context())
	c, err := h.Cases.Get(r.Context(), p, r.PathValue("ref"))
	if err != nil {
		return nil, cases.Case{}, err
	}
	evs, err := h.Cases.Timeline(r.Context(), p, c.Ref)
	if err != nil {
		return nil, cases.Case{}, err
	}
	var out []caseFile
	ids := make([]string, 0, len(c.Answers))
	for id := range c.Answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if f := c.Answers[id].File; f != nil {
			out = append(out, caseFile{id, *f})
		}
	}
	for _, e := range evs {
		if f := e.Fields[cases.AttachmentField].File; e.Kind == cases.EventAttachment && f != nil {
			out = append(out, caseFile{"", *f})
		}
	}
	return out, c, nil
}
