package records

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Tokens turns a bearer token into its principal; *auth.Service implements it.
type Tokens interface {
	TokenPrincipal(ctx context.Context, bearer string) (access.Principal, error)
}

// PathAPIDocuments is the JSON API's documents collection.
const PathAPIDocuments = "/api/v1/records/documents"

func (h *handler) apiRoutes(mux *http.ServeMux) {
	if h.Tokens == nil {
		return
	}
	authed := func(f web.HandlerFunc) http.Handler { return h.bearer(f) }
	mux.Handle("GET "+PathAPIDocuments, authed(h.apiSearch))
	mux.Handle("POST "+PathAPIDocuments, authed(h.apiCreate))
	mux.Handle("GET "+PathAPIDocuments+"/{id}", authed(h.apiGet))
	mux.Handle("POST "+PathAPIDocuments+"/{id}/declare", authed(h.apiDeclare))
}

// bearer admits a request carrying a valid API token, as its client.
func (h *handler) bearer(next web.HandlerFunc) http.Handler {
	return web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="guildhall"`)
			return fault.New(fault.Unauthenticated, "send an API token: Authorization: Bearer gh_…")
		}
		p, err := h.Tokens.TokenPrincipal(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="guildhall", error="invalid_token"`)
			return err
		}
		return next(w, r.WithContext(web.WithPrincipal(r.Context(), p)))
	})
}

// documentJSON is a document as the API shows it.
type documentJSON struct {
	ID             int64         `json:"id"`
	Title          string        `json:"title"`
	Description    string        `json:"description,omitempty"`
	Author         string        `json:"author,omitempty"`
	Date           string        `json:"date,omitempty"`
	Class          string        `json:"file_plan_class"`
	Classification string        `json:"classification"`
	Team           string        `json:"team"`
	RelatedCases   []string      `json:"related_cases"`
	CreatedAt      time.Time     `json:"created_at"`
	DeclaredAt     *time.Time    `json:"declared_at,omitempty"`
	Version        int           `json:"version"`
	Versions       []versionJSON `json:"versions,omitempty"`
	Snippet        string        `json:"snippet,omitempty"`
}

type versionJSON struct {
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

func toJSON(d records.Document) documentJSON {
	out := documentJSON{ID: d.ID, Title: d.Title, Description: d.Description, Author: d.Author, Date: d.Date, Class: d.ClassID,
		Classification: string(d.Classification), Team: d.Team, RelatedCases: d.RelatedCases, CreatedAt: d.CreatedAt,
		DeclaredAt: d.DeclaredAt, Version: d.Version}
	for _, v := range d.Versions {
		out.Versions = append(out.Versions, versionJSON{v.Number, v.File.Name, v.File.ContentType, v.File.Size, v.File.Key, v.UploadedAt})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func (h *handler) apiSearch(w http.ResponseWriter, r *http.Request) error {
	res, err := h.Documents.Find(r.Context(), principal(r), documentQuery(r, 50))
	if err != nil {
		return err
	}
	out := []documentJSON{}
	for _, hit := range res.Hits {
		j := toJSON(hit.Document)
		j.Snippet = hit.Snippet
		out = append(out, j)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"documents": out, "matches": res.Matches, "many_matches": res.ManyMatches,
		"facets": map[string]any{"class": facetsJSON(res.Facets.Classes), "classification": facetsJSON(res.Facets.Classifications), "team": facetsJSON(res.Facets.Teams)}})
}

func facetsJSON(fs []records.FacetCount) []map[string]any {
	out := []map[string]any{}
	for _, f := range fs {
		out = append(out, map[string]any{"value": f.Value, "count": f.Count})
	}
	return out
}

func (h *handler) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := h.Documents.Get(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toJSON(d))
}

func (h *handler) apiDeclare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := h.Documents.Declare(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toJSON(d))
}

// newDocumentJSON is the "metadata" part of a POST.
type newDocumentJSON struct {
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	Author         string   `json:"author"`
	Date           string   `json:"date"`
	Class          string   `json:"file_plan_class"`
	Classification string   `json:"classification"`
	Team           string   `json:"team"`
	RelatedCases   []string `json:"related_cases"`
}

// apiCreate files a document from a multipart/form-data body: a
// "metadata" part (JSON) and a "file" part, checked by the upload path.
func (h *handler) apiCreate(w http.ResponseWriter, r *http.Request) error {
	meta, name, data, err := readDocumentBody(r)
	if err != nil {
		return err
	}
	q := records.DocumentQuestion
	file, err := h.Uploads.Store(r.Context(), &q, web.UploadFile{Name: name, Size: int64(len(data)), Body: bytes.NewReader(data)}, principal(r).UserID, "new document")
	if err != nil {
		return err
	}
	d, err := h.Documents.Create(r.Context(), principal(r), records.NewDocument{Title: meta.Title, Description: meta.Description, Author: meta.Author,
		Date: meta.Date, ClassID: meta.Class, Classification: service.Classification(meta.Classification), Team: meta.Team, RelatedCases: meta.RelatedCases, File: *file})
	if err != nil {
		return err
	}
	w.Header().Set("Location", PathAPIDocuments+"/"+strconv.FormatInt(d.ID, 10))
	return writeJSON(w, http.StatusCreated, toJSON(d))
}

// maxDocument bounds what the API reads of one file.
const maxDocument = 50 << 20

func readDocumentBody(r *http.Request) (newDocumentJSON, string, []byte, error) {
	var meta newDocumentJSON
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return meta, "", nil, fault.New(fault.Invalid, "send multipart/form-data with a \"metadata\" part (JSON) and a \"file\" part")
	}
	var name string
	var data []byte
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return meta, "", nil, fault.Wrap(fault.Invalid, err, "the multipart body does not parse")
		}
		switch part.FormName() {
		case "metadata":
			dec := json.NewDecoder(io.LimitReader(part, 1<<20))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&meta); err != nil {
				return meta, "", nil, fault.Wrap(fault.Invalid, err, fmt.Sprintf("the metadata part is not the JSON expected: %v", err))
			}
		case "file":
			name = part.FileName()
			if data, err = io.ReadAll(io.LimitReader(part, maxDocument+1)); err != nil || len(data) > maxDocument {
				return meta, "", nil, web.ErrTooLarge
			}
		}
	}
	if data == nil {
		return meta, "", nil, service.FieldErrors{{Field: "file", Message: "Send the file in a \"file\" part"}}.Err()
	}
	return meta, name, data, nil
}
