package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// questionPage is one page of a service's form.
type questionPage struct {
	ServiceName string
	Title       string
	// QuestionIsHeading is true when the only question's label is the h1.
	QuestionIsHeading bool
	Questions         []questionView
	Errors            []web.FieldError
	Action            string
	Back              string
	Multipart         bool
	Assisted          bool
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
	return h.renderQuestions(w, r, http.StatusOK, def, page, d.Answers, formOf(def, page, d.Answers), nil)
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
	change := r.URL.Query().Get("change") == "1"
	qp := questionPage{
		ServiceName: def.Name, Title: page.Title,
		Questions: views(def, page, vals, answers, errs),
		Errors:    web.FromService(errs),
		Action:    questionPath(def.ID, page.ID),
		Back:      h.backFrom(def, page, answers, change),
		Assisted:  assisted(r, def),
	}
	if change {
		qp.Action += "?change=1"
	}
	for _, q := range qp.Questions {
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
