package records

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

func (h *handler) documentRoutes(route func(string, web.HandlerFunc)) {
	route("GET "+PathDocuments, h.documentList)
	route("GET "+PathDocuments+"/new", h.documentNew)
	route("POST "+PathDocuments, h.documentCreate)
	route("GET "+PathDocuments+"/{id}", h.documentView)
	route("POST "+PathDocuments+"/{id}/versions", h.documentVersion)
	route("POST "+PathDocuments+"/{id}/declare", h.documentDeclare)
	route("GET "+PathDocuments+"/{id}/versions/{v}", h.documentDownload)
	route("GET "+PathDocuments+"/{id}/bag", h.documentBag)
}

type documentListPage struct {
	Query       web.Field
	Results     []docRow
	Searched    bool
	Words       string // what was searched for, as typed
	Matches     int
	ManyMatches bool
	// Facets narrow the search by a field; Filters undo the narrowing.
	Facets  []facetGroup
	Filters []facetLink
}

// facetGroup is one field's values among the matches, each a link that
// narrows the search to it.
type facetGroup struct {
	Name  string
	Links []facetLink
}

type facetLink struct {
	Label string
	Count int
	URL   string
}

type docRow struct {
	URL, Title, Class, Classification, Updated string
	Snippet                                    []snipPart
	Declared                                   bool
}

// snipPart is a run of a snippet's text, marked where the search matched.
type snipPart struct {
	Text string
	Mark bool
}

// parseSnippet splits a snippet at the store's « » marks, so the template
// escapes the text and adds <mark> itself.
func parseSnippet(s string) []snipPart {
	var out []snipPart
	for s != "" {
		i := strings.Index(s, "«")
		if i < 0 {
			return append(out, snipPart{Text: s})
		}
		out = append(out, snipPart{Text: s[:i]})
		s = s[i+len("«"):]
		j := strings.Index(s, "»")
		if j < 0 {
			return append(out, snipPart{Text: s, Mark: true})
		}
		out = append(out, snipPart{Text: s[:j], Mark: true})
		s = s[j+len("»"):]
	}
	return out
}

func (h *handler) documentList(w http.ResponseWriter, r *http.Request) error {
	q := documentQuery(r, 50)
	res, err := h.Documents.Find(r.Context(), principal(r), q)
	if err != nil {
		return err
	}
	p := &documentListPage{Searched: q.Text != "", Words: q.Text, Matches: res.Matches, ManyMatches: res.ManyMatches,
		Query: web.Field{ID: "q", Label: "Search documents", Value: q.Text, Hint: "Words from the title, the text or the file name"}}
	for _, hit := range res.Hits {
		d := hit.Document
		p.Results = append(p.Results, docRow{URL: docURL(d.ID), Title: d.Title, Class: h.classTitle(d.ClassID), Classification: string(d.Classification),
			Updated: date(d.UpdatedAt), Snippet: parseSnippet(hit.Snippet), Declared: d.Declared()})
	}
	if p.Searched {
		f := res.Facets
		p.Facets, p.Filters = h.facets(r, PathDocuments, documentFilters, [][]records.FacetCount{f.Classes, f.Classifications, f.Teams})
	}
	return h.render.Render(w, r, http.StatusOK, "documents", p)
}

// documentFilters are the search's filters: the query parameter and the
// field of the facets that narrow by it.
var documentFilters = []struct{ param, name string }{{"class", "File plan class"}, {"classification", "Classification"}, {"team", "Team"}}

// documentQuery reads a document search from the URL: q and the filters.
func documentQuery(r *http.Request, limit int) records.DocumentQuery {
	v := r.URL.Query()
	return records.DocumentQuery{Text: strings.TrimSpace(v.Get("q")), ClassID: v.Get("class"),
		Classification: service.Classification(v.Get("classification")), Team: v.Get("team"), Limit: limit}
}

// facets turns the facets (one list per filter, in filters' order) into
// links narrowing the search at path, and each filter in force into a
// link that removes it. A filter in force offers no facets of its own
// field: they would all be the one value.
func (h *handler) facets(r *http.Request, path string, filters []struct{ param, name string }, counts [][]records.FacetCount) ([]facetGroup, []facetLink) {
	var groups []facetGroup
	var in []facetLink
	for i, counts := range counts {
		param, name := filters[i].param, filters[i].name
		v := r.URL.Query()
		v.Del("start")
		if chosen := v.Get(param); chosen != "" {
			v.Del(param)
			in = append(in, facetLink{Label: name + ": " + h.facetLabel(param, chosen), URL: path + "?" + v.Encode()})
			continue
		}
		g := facetGroup{Name: name}
		for _, c := range counts {
			v.Set(param, c.Value)
			g.Links = append(g.Links, facetLink{Label: h.facetLabel(param, c.Value), Count: c.Count, URL: path + "?" + v.Encode()})
		}
		if len(g.Links) > 1 {
			groups = append(groups, g)
		}
	}
	return groups, in
}

func (h *handler) facetLabel(param, value string) string {
	switch param {
	case "class":
		return h.classTitle(value)
	case "type":
		return kindNames[value] + "s"
	}
	return value
}

func docURL(id int64) string { return PathDocuments + "/" + strconv.FormatInt(id, 10) }

func (h *handler) classTitle(id string) string {
	if c, err := h.Documents.Plan.Class(id); err == nil {
		return id + " " + c.Title
	}
	return id
}

type documentNewPage struct {
	Title, Description, Author, Date, Team, Related web.Field
	Class, Classification                           web.Field
	File                                            web.Field
	errors                                          []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *documentNewPage) FieldErrors() []web.FieldError { return p.errors }

func (h *handler) newDocumentPage(r *http.Request) *documentNewPage {
	p := &documentNewPage{
		Title:          web.Field{ID: "title", Label: "Title"},
		Description:    web.Field{ID: "description", Label: "Description (optional)", Rows: 3},
		Author:         web.Field{ID: "author", Label: "Author (optional)"},
		Date:           web.Field{ID: "date", Label: "Date on the document (optional)", Hint: "For example, 2026-03-27", Width: "10"},
		Related:        web.Field{ID: "related", Label: "Related case references (optional)", Hint: "Separate them with spaces", NoSpellcheck: true},
		Team:           web.Field{ID: "team", Label: "Team that owns it"},
		Class:          web.Field{ID: "class", Label: "File plan class"},
		Classification: web.Field{ID: "classification", Label: "Classification", Value: "OFFICIAL", Options: []web.Option{{Value: "OFFICIAL", Label: "OFFICIAL", Hint: "Open to all staff and councillors"}, {Value: "OFFICIAL-SENSITIVE", Label: "OFFICIAL-SENSITIVE", Hint: "Only the owning team, with a second factor"}}},
		File:           web.Field{ID: "file", Label: "File", Hint: "PDF, Word, OpenDocument, text, email (.eml), spreadsheet or a scan (PNG, JPEG), up to 50 MB"},
	}
	for _, t := range principal(r).Teams {
		p.Team.Options = append(p.Team.Options, web.Option{Value: t, Label: t})
	}
	p.Class.Options = append(p.Class.Options, web.Option{Value: "", Label: "Choose a class"})
	for _, c := range h.Documents.Classes() {
		p.Class.Options = append(p.Class.Options, web.Option{Value: c.ID, Label: c.ID + " " + c.Path()})
	}
	return p
}

func (h *handler) documentNew(w http.ResponseWriter, r *http.Request) error {
	return h.render.Render(w, r, http.StatusOK, "document_new", h.newDocumentPage(r))
}

func (h *handler) documentCreate(w http.ResponseWriter, r *http.Request) error {
	p := h.newDocumentPage(r)
	for _, f := range []*web.Field{&p.Title, &p.Description, &p.Author, &p.Date, &p.Team, &p.Related, &p.Class, &p.Classification} {
		f.Value = r.PostFormValue(f.ID)
	}
	nd := records.NewDocument{Title: p.Title.Value, Description: p.Description.Value, Author: p.Author.Value, Date: p.Date.Value,
		ClassID: p.Class.Value, Classification: service.Classification(p.Classification.Value), Team: p.Team.Value, RelatedCases: strings.Fields(p.Related.Value)}
	file, err := h.storeUpload(r, "new document")
	if err == nil {
		nd.File = *file
	} else if !isFieldError(err) {
		return err
	}
	d, cerr := h.Documents.Create(r.Context(), principal(r), nd)
	if err != nil || cerr != nil {
		if cerr != nil && !isFieldError(cerr) {
			return cerr
		}
		p.errors = fieldErrors(errors.Join(err, cerr))
		setFieldErrors(p.errors, &p.Title, &p.Date, &p.Team, &p.Class, &p.Classification, &p.File)
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "document_new", p)
	}
	http.Redirect(w, r, docURL(d.ID), http.StatusSeeOther)
	return nil
}

// storeUpload checks and keeps the posted file through the upload path.
func (h *handler) storeUpload(r *http.Request, subject string) (*service.FileRef, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Filename == "" {
		return nil, service.FieldErrors{{Field: "file", Message: "Select a file"}}.Err()
	}
	fh := r.MultipartForm.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("opening upload: %w", err)
	}
	defer f.Close()
	q := records.DocumentQuestion
	return h.Uploads.Store(r.Context(), &q, web.UploadFile{Name: fh.Filename, Size: fh.Size, Body: f}, principal(r).UserID, subject)
}

func isFieldError(err error) bool {
	var ve *service.ValidationError
	return errors.As(err, &ve)
}

// fieldErrors collects the field errors of every validation error in err.
func fieldErrors(err error) []web.FieldError {
	var out []web.FieldError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var ve *service.ValidationError
		if errors.As(e, &ve) {
			out = append(out, web.FromService(ve.Errors)...)
		}
	}
	walk(err)
	return out
}

func setFieldErrors(errs []web.FieldError, fields ...*web.Field) {
	for _, e := range errs {
		for _, f := range fields {
			if f.ID == e.Field && f.Error == "" {
				f.Error = e.Message
			}
		}
	}
}
