package records

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web"
)

type documentPage struct {
	ID       int64
	Title    string
	Summary  []web.SummaryRow
	Versions []versionRow
	Declared bool
	File     web.Field
	Note     web.Field
	Problem  string
	errors   []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *documentPage) FieldErrors() []web.FieldError { return p.errors }

type versionRow struct {
	Number                         int
	Name, Type, Size, By, At, Note string
	URL                            string
}

func (h *handler) documentView(w http.ResponseWriter, r *http.Request) error {
	return h.renderDocument(w, r, http.StatusOK, nil)
}

func (h *handler) renderDocument(w http.ResponseWriter, r *http.Request, status int, edit func(*documentPage)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := h.Documents.Get(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	p := &documentPage{ID: d.ID, Title: d.Title, Declared: d.Declared(),
		File: web.Field{ID: "file", Label: "New version"}, Note: web.Field{ID: "note", Label: "What changed (optional)", Rows: 2}}
	p.Summary = documentSummary(h, d)
	for i := len(d.Versions) - 1; i >= 0; i-- {
		v := d.Versions[i]
		p.Versions = append(p.Versions, versionRow{Number: v.Number, Name: v.File.Name, Type: v.File.ContentType, Size: strconv.FormatInt(v.File.Size, 10) + " bytes",
			By: v.UploadedBy, At: date(v.UploadedAt), Note: v.Note, URL: docURL(d.ID) + "/versions/" + strconv.Itoa(v.Number)})
	}
	if edit != nil {
		edit(p)
	}
	return h.render.Render(w, r, status, "document", p)
}

func documentSummary(h *handler, d records.Document) []web.SummaryRow {
	declared := "No: it can still change"
	if d.DeclaredAt != nil {
		declared = "Yes, on " + date(*d.DeclaredAt) + " by " + d.DeclaredBy + ": its content and details are fixed"
	}
	rows := []web.SummaryRow{
		{Key: "Classification", Value: string(d.Classification)},
		{Key: "File plan class", Value: h.classTitle(d.ClassID)},
		{Key: "Owning team", Value: d.Team},
		{Key: "Declared a record", Value: declared},
		{Key: "Filed", Value: date(d.CreatedAt) + " by " + d.CreatedBy},
	}
	for _, kv := range [][2]string{{"Description", d.Description}, {"Author", d.Author}, {"Date on the document", d.Date}} {
		if kv[1] != "" {
			rows = append(rows, web.SummaryRow{Key: kv[0], Value: kv[1]})
		}
	}
	return rows
}

func (h *handler) documentVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	file, err := h.storeUpload(r, "document:"+strconv.FormatInt(id, 10))
	if err == nil {
		_, err = h.Documents.AddVersion(r.Context(), principal(r), id, *file, r.PostFormValue("note"))
	}
	switch {
	case isFieldError(err):
		errs := fieldErrors(err)
		return h.renderDocument(w, r, http.StatusUnprocessableEntity, func(p *documentPage) { p.errors, p.File.Error = errs, errs[0].Message })
	case errors.Is(err, fault.Conflict):
		return h.renderDocument(w, r, http.StatusConflict, func(p *documentPage) { p.Problem = fault.Public(err) })
	case err != nil:
		return err
	}
	http.Redirect(w, r, docURL(id), http.StatusSeeOther)
	return nil
}

func (h *handler) documentDeclare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	_, err = h.Documents.Declare(r.Context(), principal(r), id)
	if errors.Is(err, fault.Conflict) {
		return h.renderDocument(w, r, http.StatusConflict, func(p *documentPage) { p.Problem = fault.Public(err) })
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, docURL(id), http.StatusSeeOther)
	return nil
}

// documentDownload sends one version's file, once the policy lets the
// reader view the document (Documents.Get audits a sensitive view).
func (h *handler) documentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PathValue("v"))
	d, err := h.Documents.Get(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if n < 1 || n > len(d.Versions) {
		return fault.New(fault.NotFound, "version %d", n)
	}
	v := d.Versions[n-1]
	rc, err := h.Blobs.Open(r.Context(), v.File.Key)
	if err != nil {
		return err
	}
	defer rc.Close()
	web.SetDownloadHeaders(w.Header(), "", v.File)
	_, err = io.Copy(w, rc)
	return err
}
