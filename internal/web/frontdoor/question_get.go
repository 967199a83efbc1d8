package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// questionPage is one page of a service's form.
type questionPage struct {
	ServiceName string
	Title       string
	// QuestionIsHeading is true when the only question's label is the h1.
	QuestionIsHeading bool
	Questions         []web.Question
	Errors            []web.FieldError
	Action            string
	Back              string
	Multipart         bool
	Assisted          bool
	// SaveLater links to save and return, once there are answers to save.
	SaveLater string
}

// FieldErrors lists the page's errors for the error summary and the title.
func (p questionPage) FieldErrors() []web.FieldError { return p.Errors }

// questionGet shows a page of questions with the answers saved so far.
func (h *handler) questionGet(w http.ResponseWriter, r *http.Request) error {
	def, page, err := h.servicePage(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	if repeatOf(page) != nil {
		return h.repeatGet(w, r, def, page, d.Answers)
	}
	return h.renderQuestions(w, r, http.StatusOK, def, page, d.Answers, formOf(page, h.prefilled(r, def, d.Answers)), nil)
}

// servicePage returns the public service and the page the URL names.
func (h *handler) servicePage(r *http.Request) (*service.Definition, *service.Page, error) {
	def, err := h.publicService(r)
	if err != nil {
		return nil, nil, err
	}
	page, _, ok := def.PageByID(r.PathValue("page"))
	if !ok {
		return nil, nil, fault.New(fault.NotFound, "service %s has no page %q", def.ID, r.PathValue("page"))
	}
	return def, page, nil
}

func (h *handler) renderQuestions(w http.ResponseWriter, r *http.Request, status int, def *service.Definition,
	page *service.Page, answers service.Answers, vals form, errs service.FieldErrors) error {
	return h.renderPage(w, r, status, def, page, answers, vals, errs, lookups{})
}

// renderPage shows a page of questions, with the addresses and places found.
func (h *handler) renderPage(w http.ResponseWriter, r *http.Request, status int, def *service.Definition,
	page *service.Page, answers service.Answers, vals form, errs service.FieldErrors, found lookups) error {
	change := r.URL.Query().Get("change") == "1"
	qp := questionPage{
		ServiceName: def.Name, Title: page.Title,
		Questions: h.withPlaces(r, h.withLookups(def.Lang(), views(def, page, vals, answers, errs), vals, errs, found.addresses), vals, errs, found.places),
		Errors:    web.FromService(errs),
		Action:    questionPath(def.ID, page.ID),
		Back:      h.backFrom(def, page, answers, change),
		Assisted:  assisted(r, def),
	}
	if change {
		qp.Action += "?change=1"
	}
	if len(answers) > 0 && h.saveOffered(r) {
		qp.SaveLater = savePath(def.ID)
	}
	for _, q := range qp.Questions {
		if q.Place != nil && q.Place.Map != nil {
			web.AllowMap(w, h.Map.origin())
		}
		qp.Multipart = qp.Multipart || q.Kind == "file"
		qp.QuestionIsHeading = qp.QuestionIsHeading || q.Field.Heading
	}
	return h.rd.Render(w, r, status, "question", qp)
}

// backFrom is the back link: the previous page shown, the start page before
// the first, or "Check your answers" when changing an answer.
func (h *handler) backFrom(def *service.Definition, page *service.Page, answers service.Answers, change bool) string {
	if change {
		return checkPath(def.ID)
	}
	if prev, ok := def.PrevPage(page.ID, answers); ok {
		return questionPath(def.ID, prev.ID)
	}
	return startPath(def.ID)
}

// withLookups adds the postcode look-up to address questions when a
// gazetteer is wired, and the addresses found to pick from.
func (h *handler) withLookups(lang lang.Tag, qs []web.Question, vals form, errs service.FieldErrors, found map[string][]service.Address) []web.Question {
	if h.Addresses == nil {
		return qs
	}
	for i := range qs {
		q := &qs[i]
		if q.Kind != "address" {
			continue
		}
		id := q.Field.ID
		q.Lookup = &web.Field{ID: id + "-lookup", Label: web.Messages.Sprintf(lang, "Postcode"), Value: vals.get(id + "-lookup"), Width: "10",
			Autocomplete: "postal-code", NoSpellcheck: true, Error: errs.Get(id + "-lookup")}
		if list := found[id]; len(list) > 0 {
			q.Found = &web.Field{ID: id + "-pick", Label: web.Messages.Sprintf(lang, "Select the address"), Options: addressChoices(list), Value: vals.get(id + "-pick")}
		}
	}
	return qs
}
