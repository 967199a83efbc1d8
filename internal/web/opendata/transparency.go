package opendata

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathTransparency is where an administrator publishes the Transparency Code datasets.
const PathTransparency = "/open-data/transparency"

// problemsInSummary is how many problems the error summary lists; the table
// under it shows up to opendata.MaxProblemsShown.
const problemsInSummary = 10

type transparencyRow struct {
	ID, Title, Frequency string
	Published            string // "" when never published
	Rows                 int
}

type transparencyListPage struct {
	Datasets  []transparencyRow
	Published string // the title of the dataset just published
}

func (h *handler) transparencyList(w http.ResponseWriter, r *http.Request) error {
	pubs, err := h.Data.Transparency.Published(r.Context())
	if err != nil {
		return err
	}
	p := transparencyListPage{}
	for _, id := range opendata.TransparencyIDs() {
		s, _ := opendata.TransparencySchema(id)
		row := transparencyRow{ID: id, Title: s.Title, Frequency: s.Frequency}
		if pub, ok := pubs[id]; ok {
			row.Published, row.Rows = ukTime(pub.PublishedAt), pub.Rows
		}
		if r.URL.Query().Get("published") == id {
			p.Published = s.Title
		}
		p.Datasets = append(p.Datasets, row)
	}
	return h.admin.Render(w, r, http.StatusOK, "transparency", p)
}

type problemRow struct {
	Anchor string
	opendata.Problem
}

type transparencyUploadPage struct {
	ID     string
	Schema *opendata.TableSchema
	File   web.Field
	Errors []web.FieldError
	// Problems are the report's, each with the anchor the summary links to.
	Problems []problemRow
	Total    int
	Rows     int
}

func (h *handler) transparencyForm(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	s, err := opendata.TransparencySchema(id)
	if err != nil {
		return err
	}
	return h.admin.Render(w, r, http.StatusOK, "transparency_upload", h.uploadPage(id, s, ""))
}

func (h *handler) uploadPage(id string, s *opendata.TableSchema, fileErr string) transparencyUploadPage {
	p := transparencyUploadPage{ID: id, Schema: s, File: web.Field{ID: "file", Label: "Upload a CSV file", Error: fileErr, Accept: ".csv,text/csv",
		Hint: "Save the spreadsheet as \"CSV UTF-8\". The first row must name the columns exactly as listed below, in that order."}}
	if fileErr != "" {
		p.Errors = []web.FieldError{{Field: "file", Message: fileErr}}
	}
	return p
}

// transparencyUpload checks the uploaded file and publishes it only if
// every row is valid; otherwise it shows what to fix, by row and column.
func (h *handler) transparencyUpload(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	s, err := opendata.TransparencySchema(id)
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || err == nil && hdr.Size == 0 {
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "transparency_upload", h.uploadPage(id, s, "Select a CSV file"))
	}
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "reading the upload")
	}
	defer f.Close()
	if !strings.EqualFold(fileExt(hdr.Filename), ".csv") {
		return h.admin.Render(w, r, http.StatusUnprocessableEntity, "transparency_upload", h.uploadPage(id, s, "The selected file must be a CSV"))
	}
	rep, _, err := h.Data.Transparency.Upload(r.Context(), web.PrincipalFrom(r.Context()), id, hdr.Filename, f)
	if err != nil {
		return err
	}
	if rep.Valid() {
		http.Redirect(w, r, PathTransparency+"?published="+id, http.StatusSeeOther)
		return nil
	}
	p := h.uploadPage(id, s, "")
	p.Total, p.Rows = rep.Total, rep.Rows
	p.File.Error = fmt.Sprintf("The file has %s – nothing was published", plural(rep.Total, "problem", "problems"))
	p.Errors = []web.FieldError{{Field: "file", Message: p.File.Error}}
	for i, pr := range rep.Problems {
		row := problemRow{Anchor: fmt.Sprintf("problem-%d", i+1), Problem: pr}
		p.Problems = append(p.Problems, row)
		if i < problemsInSummary {
			p.Errors = append(p.Errors, web.FieldError{Field: row.Anchor, Message: where(pr) + pr.Message})
		}
	}
	return h.admin.Render(w, r, http.StatusUnprocessableEntity, "transparency_upload", p)
}

// transparencyTemplate is a CSV of just the header row, to fill in.
func (h *handler) transparencyTemplate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	s, err := opendata.TransparencySchema(id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+id+`-template.csv"`)
	cw := csvsafe.NewWriter(w)
	head := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		head[i] = f.Name
	}
	cw.Write(head)
	cw.Flush()
	return cw.Error()
}

// where names the cell of a problem as a spreadsheet shows it; a problem
// with a whole row or the file already says where it is.
func where(p opendata.Problem) string {
	if p.Line > 0 && p.Column != "" {
		return fmt.Sprintf("Row %d, column %s: ", p.Line, p.Column)
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func fileExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}
