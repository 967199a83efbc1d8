package records

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// PathSpaces is where collaboration spaces are listed and opened.
const PathSpaces = "/records/spaces"

func (h *handler) spaceRoutes(route func(string, web.HandlerFunc)) {
	route("GET "+PathSpaces, h.spaceList)
	route("GET "+PathSpaces+"/new", h.spaceNew)
	route("POST "+PathSpaces, h.spaceCreate)
	route("GET "+PathSpaces+"/{id}", h.spaceView)
	route("POST "+PathSpaces+"/{id}/members", h.spaceMember)
	route("POST "+PathSpaces+"/{id}/notes", h.spaceNote)
	route("POST "+PathSpaces+"/{id}/documents", h.spaceDocument)
}

func spaceURL(id int64) string { return PathSpaces + "/" + strconv.FormatInt(id, 10) }

type spaceListPage struct {
	Spaces []spaceRow
	// MayOpen offers the button to open a space: staff of a team.
	MayOpen bool
}

type spaceRow struct {
	URL, Name, Team, Classification, Opened string
	Members                                 int
}

func (h *handler) spaceList(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	spaces, err := h.Documents.Spaces(r.Context(), p)
	if err != nil {
		return err
	}
	page := &spaceListPage{MayOpen: len(p.Teams) > 0}
	for _, sp := range spaces {
		page.Spaces = append(page.Spaces, spaceRow{URL: spaceURL(sp.ID), Name: sp.Name, Team: sp.Team, Classification: string(sp.Classification),
			Opened: date(sp.CreatedAt), Members: len(sp.Members)})
	}
	return h.render.Render(w, r, http.StatusOK, "spaces", page)
}

type spaceNewPage struct {
	Name, Team, Classification, Members web.Field
	errors                              []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *spaceNewPage) FieldErrors() []web.FieldError { return p.errors }

func (h *handler) newSpacePage(r *http.Request) *spaceNewPage {
	p := &spaceNewPage{
		Name: web.Field{ID: "name", Label: "Name of the space"},
		Team: web.Field{ID: "team", Label: "Team that owns it"},
		Classification: web.Field{ID: "classification", Label: "Classification", Value: "OFFICIAL", Options: []web.Option{
			{Value: "OFFICIAL", Label: "OFFICIAL", Hint: "Members from any organisation"},
			{Value: "OFFICIAL-SENSITIVE", Label: "OFFICIAL-SENSITIVE", Hint: "Members only from the council and approved partner organisations, each with a second factor"}}},
		Members: web.Field{ID: "members", Label: "Members (optional)", Hint: "Email addresses, one on each line. Your team can always open the space", Rows: 4, NoSpellcheck: true},
	}
	for _, t := range principal(r).Teams {
		p.Team.Options = append(p.Team.Options, web.Option{Value: t, Label: t})
	}
	return p
}

func (h *handler) spaceNew(w http.ResponseWriter, r *http.Request) error {
	return h.render.Render(w, r, http.StatusOK, "space_new", h.newSpacePage(r))
}

func (h *handler) spaceCreate(w http.ResponseWriter, r *http.Request) error {
	p := h.newSpacePage(r)
	for _, f := range []*web.Field{&p.Name, &p.Team, &p.Classification, &p.Members} {
		f.Value = r.PostFormValue(f.ID)
	}
	id, err := h.Documents.CreateSpace(r.Context(), principal(r), records.Space{Name: p.Name.Value, Team: p.Team.Value,
		Classification: service.Classification(p.Classification.Value), Members: strings.Fields(p.Members.Value)})
	if isFieldError(err) {
		p.errors = fieldErrors(err)
		setFieldErrors(p.errors, &p.Name, &p.Classification, &p.Members)
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "space_new", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, spaceURL(id), http.StatusSeeOther)
	return nil
}

type spacePage struct {
	ID                         int64
	Name, Team                 string
	Summary                    []web.SummaryRow
	Documents                  []docRow
	Notes                      []noteRow
	Members                    []string
	MayNote, MayFile, MayShare bool
	Note, Member               web.Field
	DocTitle, DocClass, File   web.Field
	errors                     []web.FieldError
}

// FieldErrors lists the form's problems for the error summary.
func (p *spacePage) FieldErrors() []web.FieldError { return p.errors }

type noteRow struct{ Body, By, At string }

func (h *handler) spaceView(w http.ResponseWriter, r *http.Request) error {
	return h.renderSpace(w, r, http.StatusOK, nil)
}

// renderSpace shows the space as the reader may see it; fail, when a form
// was refused, puts its errors on the page.
func (h *handler) renderSpace(w http.ResponseWriter, r *http.Request, status int, fail error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := h.Documents.OpenSpace(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	sp := v.Space
	p := &spacePage{ID: sp.ID, Name: sp.Name, Team: sp.Team, Members: sp.Members, MayNote: v.MayNote, MayFile: v.MayFile, MayShare: v.MayShare,
		Summary: []web.SummaryRow{{Key: "Classification", Value: string(sp.Classification)}, {Key: "Owning team", Value: sp.Team},
			{Key: "Opened", Value: date(sp.CreatedAt) + " by " + sp.CreatedBy}},
		Note:     web.Field{ID: "note", Label: "Add a note", Rows: 3},
		Member:   web.Field{ID: "email", Label: "Email address", Type: "email", Autocomplete: "off", NoSpellcheck: true},
		DocTitle: web.Field{ID: "title", Label: "Title"},
		DocClass: web.Field{ID: "class", Label: "File plan class", Options: []web.Option{{Value: "", Label: "Choose a class"}}},
		File:     web.Field{ID: "file", Label: "File", Hint: "PDF, Word, OpenDocument, text, email (.eml), spreadsheet or a scan (PNG, JPEG), up to 50 MB"},
	}
	for _, c := range h.Documents.Classes() {
		p.DocClass.Options = append(p.DocClass.Options, web.Option{Value: c.ID, Label: c.ID + " " + c.Path()})
	}
	for _, d := range v.Documents {
		p.Documents = append(p.Documents, docRow{URL: docURL(d.ID), Title: d.Title, Class: h.classTitle(d.ClassID),
			Classification: string(d.Classification), Updated: date(d.UpdatedAt), Declared: d.Declared()})
	}
	for _, n := range v.Notes {
		p.Notes = append(p.Notes, noteRow{Body: n.Body, By: n.AuthorName, At: date(n.CreatedAt)})
	}
	if fail != nil {
		p.errors = fieldErrors(fail)
		for _, f := range []*web.Field{&p.Note, &p.Member, &p.DocTitle, &p.DocClass, &p.File} {
			f.Value = r.PostFormValue(f.ID)
		}
		setFieldErrors(p.errors, &p.Note, &p.Member, &p.DocTitle, &p.DocClass, &p.File)
	}
	return h.render.Render(w, r, status, "space", p)
}

// spaceDone answers a form posted to the space: back to the space when it
// worked, the space with the form's errors when it did not.
func (h *handler) spaceDone(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	switch {
	case isFieldError(err):
		return h.renderSpace(w, r, http.StatusUnprocessableEntity, err)
	case errors.Is(err, fault.Conflict): // already a member: said against the box it was typed in
		return h.renderSpace(w, r, http.StatusConflict, service.FieldErrors{{Field: "email", Message: fault.Public(err)}}.Err())
	case err != nil:
		return err
	}
	http.Redirect(w, r, spaceURL(id), http.StatusSeeOther)
	return nil
}

func (h *handler) spaceMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.spaceDone(w, r, id, h.Documents.AddMember(r.Context(), principal(r), id, r.PostFormValue("email")))
}

func (h *handler) spaceNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.spaceDone(w, r, id, h.Documents.AddNote(r.Context(), principal(r), id, r.PostFormValue("note")))
}

// spaceDocument files a document in the space: it takes the space's team
// and classification, so that what is shared there stays within it.
func (h *handler) spaceDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := h.Documents.OpenSpace(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	nd := records.NewDocument{Title: r.PostFormValue("title"), ClassID: r.PostFormValue("class"), Classification: v.Space.Classification,
		Team: v.Space.Team, SpaceID: id}
	file, uerr := h.storeUpload(r, "space:"+strconv.FormatInt(id, 10))
	if uerr == nil {
		nd.File = *file
	} else if !isFieldError(uerr) {
		return uerr
	}
	_, cerr := h.Documents.Create(r.Context(), principal(r), nd)
	if uerr != nil || cerr != nil {
		if cerr != nil && !isFieldError(cerr) {
			return cerr
		}
		return h.renderSpace(w, r, http.StatusUnprocessableEntity, errors.Join(uerr, cerr))
	}
	http.Redirect(w, r, spaceURL(id), http.StatusSeeOther)
	return nil
}
