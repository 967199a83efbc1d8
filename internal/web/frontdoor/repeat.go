package frontdoor

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// The GOV.UK "add another" pattern, without JavaScript. A repeat question
// has its page to itself (services check refuses anything else); that page
// is the list of items added, each with change and remove links, and asks
// "Do you need to add another …?". Each item is asked on a page of its own
// at …/items/{n}; n one past the last adds an item. With no item yet, the
// list page asks the first item's questions directly.

// repeatOf is the repeat question a page holds, or nil.
func repeatOf(page *service.Page) *service.Question {
	if len(page.Questions) == 1 && page.Questions[0].Type == service.TypeRepeat {
		return &page.Questions[0]
	}
	return nil
}

func itemPath(id, page string, n int) string {
	return questionPath(id, page) + "/items/" + strconv.Itoa(n)
}

func removePath(id, page string, n int) string { return itemPath(id, page, n) + "/remove" }

// addAnotherPage is the list of items added and the add-another question.
type addAnotherPage struct {
	ServiceName string
	Heading     string
	Hint        string
	Items       []web.SummaryRow
	// Remove links each row's "Remove", beside Items' "Change".
	Remove []string
	// Another asks "Do you need to add another …?"; nil at the limit, when
	// Full says why no more can be added.
	Another *web.Field
	Full    string
	Errors  []web.FieldError
	Action  string
	Back    string
	// SaveLater links to save and return.
	SaveLater string
	Assisted  bool
}

// FieldErrors lists the page's errors for the error summary and the title.
func (p addAnotherPage) FieldErrors() []web.FieldError { return p.Errors }

// anotherField is the form field of the add-another question.
const anotherField = "add-another"

func (h *handler) renderAddAnother(w http.ResponseWriter, r *http.Request, status int, def *service.Definition,
	page *service.Page, answers service.Answers, errs service.FieldErrors) error {
	q := repeatOf(page)
	items := answers[q.ID].Items
	p := addAnotherPage{
		ServiceName: def.Name, Hint: q.Hint,
		Heading:  web.T(r, "You have added %s", q.ItemsLabel(len(items))),
		Errors:   web.FromService(errs),
		Action:   questionPath(def.ID, page.ID) + changeQuery(r),
		Back:     h.backFrom(def, page, answers, r.URL.Query().Get("change") == "1"),
		Assisted: assisted(r, def),
	}
	for i, item := range items {
		p.Items = append(p.Items, web.SummaryRow{Key: q.ItemTitle(i + 1), Value: q.ItemSummary(item),
			ChangeHref: itemPath(def.ID, page.ID, i+1) + changeQuery(r), ChangeLabel: lowerFirst(q.ItemTitle(i + 1))})
		p.Remove = append(p.Remove, removePath(def.ID, page.ID, i+1)+changeQuery(r))
	}
	if len(items) < q.MaxCount() {
		p.Another = &web.Field{ID: anotherField, Label: web.T(r, "Do you need to add another %s?", q.ItemName()), Inline: true,
			Options: yesNo(r), Error: errs.Get(anotherField)}
	} else {
		p.Full = web.T(r, "You have added the most %s you can (%d).", q.ItemsName(), q.MaxCount())
	}
	if h.saveOffered(r) {
		p.SaveLater = savePath(def.ID)
	}
	return h.rd.Render(w, r, status, "add_another", p)
}

func changeQuery(r *http.Request) string {
	if r.URL.Query().Get("change") == "1" {
		return "?change=1"
	}
	return ""
}

// repeatGet shows the list, or the first item's questions when there is
// none yet.
func (h *handler) repeatGet(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page, answers service.Answers) error {
	if len(answers[repeatOf(page).ID].Items) == 0 {
		http.Redirect(w, r, itemPath(def.ID, page.ID, 1)+changeQuery(r), http.StatusSeeOther)
		return nil
	}
	return h.renderAddAnother(w, r, http.StatusOK, def, page, answers, nil)
}

// repeatPost answers "Do you need to add another …?": yes asks the next
// item; no moves on once there are enough items.
func (h *handler) repeatPost(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page, answers service.Answers) error {
	q := repeatOf(page)
	n := len(answers[q.ID].Items)
	switch another := postedForm(r).get(anotherField); {
	case another == "yes" && n < q.MaxCount():
		http.Redirect(w, r, itemPath(def.ID, page.ID, n+1)+changeQuery(r), http.StatusSeeOther)
		return nil
	case another != "no" && n < q.MaxCount():
		errs := service.FieldErrors{{Field: anotherField, Message: web.T(r, "Select yes if you need to add another %s", q.ItemName())}}
		return h.renderAddAnother(w, r, http.StatusUnprocessableEntity, def, page, answers, errs)
	}
	if msg := q.CountError(n); msg != "" {
		field := anotherField
		if n >= q.MaxCount() {
			field = q.ID
		}
		return h.renderAddAnother(w, r, http.StatusUnprocessableEntity, def, page, answers, service.FieldErrors{{Field: field, Message: msg}})
	}
	http.Redirect(w, r, h.after(def, page, answers, r.URL.Query().Get("change") == "1"), http.StatusSeeOther)
	return nil
}

// repeatItem is the repeat page an item URL names and the item's number,
// which must be an item added or the next one to add.
func (h *handler) repeatItem(r *http.Request) (*service.Definition, *service.Page, *service.Question, int, error) {
	def, page, err := h.servicePage(r)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	q := repeatOf(page)
	n, err := strconv.Atoi(r.PathValue("n"))
	if q == nil || err != nil || n < 1 || n > q.MaxCount() {
		return nil, nil, nil, 0, fault.New(fault.NotFound, "page %s has no item %q", page.ID, r.PathValue("n"))
	}
	return def, page, q, n, nil
}

// itemGet asks one item's questions, filled in when changing it.
func (h *handler) itemGet(w http.ResponseWriter, r *http.Request) error {
	def, page, q, n, err := h.repeatItem(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	items := d.Answers[q.ID].Items
	if n > len(items)+1 { // skipped ahead: ask the next item to add
		http.Redirect(w, r, itemPath(def.ID, page.ID, len(items)+1)+changeQuery(r), http.StatusSeeOther)
		return nil
	}
	var vals form = form{}
	if n <= len(items) {
		vals = form(q.EncodeItem(items[n-1]))
	}
	return h.renderItem(w, r, http.StatusOK, def, page, d.Answers, n, vals, nil)
}

// itemPost saves one item and goes back to the list.
func (h *handler) itemPost(w http.ResponseWriter, r *http.Request) error {
	def, page, q, n, err := h.repeatItem(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := h.current(ctx, h.ensureSession(w, r), def)
	if err != nil {
		return err
	}
	items := slices.Clone(d.Answers[q.ID].Items)
	if n > len(items)+1 {
		return fault.New(fault.NotFound, "item %d of %s is not the next to add", n, q.ID)
	}
	vals := postedForm(r)
	item, errs := q.DecodeItem(service.Form(vals), h.Now())
	if len(errs) > 0 {
		return h.renderItem(w, r, http.StatusUnprocessableEntity, def, page, d.Answers, n, vals, errs)
	}
	if n == len(items)+1 {
		items = append(items, item)
	} else {
		items[n-1] = item
	}
	return h.saveItems(w, r, def, page, d, items)
}

// saveItems stores the draft with the repeat's new items and shows the list.
func (h *handler) saveItems(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page, d draft, items []service.Answers) error {
	q := repeatOf(page)
	if len(items) == 0 {
		delete(d.Answers, q.ID)
	} else {
		d.Answers[q.ID] = service.Answer{Items: items}
	}
	if err := h.saveDraft(r, &d); err != nil {
		if errors.Is(err, fault.Conflict) { // submitted meanwhile (another tab)
			http.Redirect(w, r, confirmationPath(def.ID), http.StatusSeeOther)
			return nil
		}
		return err
	}
	http.Redirect(w, r, questionPath(def.ID, page.ID)+changeQuery(r), http.StatusSeeOther)
	return nil
}

// renderItem draws item n's questions with the shared widgets.
func (h *handler) renderItem(w http.ResponseWriter, r *http.Request, status int, def *service.Definition,
	page *service.Page, answers service.Answers, n int, vals form, errs service.FieldErrors) error {
	q := repeatOf(page)
	back := questionPath(def.ID, page.ID) + changeQuery(r)
	if len(answers[q.ID].Items) == 0 {
		back = h.backFrom(def, page, answers, r.URL.Query().Get("change") == "1")
	}
	qp := questionPage{
		ServiceName: def.Name, Title: q.ItemTitle(n),
		Questions: web.Questions(web.QuestionInput{Questions: q.Questions, Values: service.Form(vals), Errors: errs, Lang: def.Lang()}),
		Errors:    web.FromService(errs),
		Action:    itemPath(def.ID, page.ID, n) + changeQuery(r),
		Back:      back,
		Assisted:  assisted(r, def),
	}
	if len(answers) > 0 && h.saveOffered(r) {
		qp.SaveLater = savePath(def.ID)
	}
	return h.rd.Render(w, r, status, "question", qp)
}

// removePage asks to confirm removing an item.
type removePage struct {
	ServiceName string
	Title       string
	Confirm     web.Field
	Errors      []web.FieldError
	Action      string
	Back        string
}

// FieldErrors lists the page's errors for the error summary and the title.
func (p removePage) FieldErrors() []web.FieldError { return p.Errors }

const confirmField = "confirm-remove"

func (h *handler) renderRemove(w http.ResponseWriter, r *http.Request, status int, def *service.Definition,
	page *service.Page, item service.Answers, n int, errs service.FieldErrors) error {
	q := repeatOf(page)
	title := web.T(r, "Are you sure you want to remove %s?", lowerFirst(q.ItemTitle(n)))
	return h.rd.Render(w, r, status, "remove_item", removePage{
		ServiceName: def.Name, Title: title,
		Confirm: web.Field{ID: confirmField, Label: title, Hint: q.ItemSummary(item), Heading: true, Inline: true, Error: errs.Get(confirmField),
			Options: yesNo(r)},
		Errors: web.FromService(errs),
		Action: removePath(def.ID, page.ID, n) + changeQuery(r),
		Back:   questionPath(def.ID, page.ID) + changeQuery(r),
	})
}

// removeGet asks whether to remove item n.
func (h *handler) removeGet(w http.ResponseWriter, r *http.Request) error {
	def, page, q, n, err := h.repeatItem(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	items := d.Answers[q.ID].Items
	if n > len(items) {
		return fault.New(fault.NotFound, "no item %d of %s to remove", n, q.ID)
	}
	return h.renderRemove(w, r, http.StatusOK, def, page, items[n-1], n, nil)
}

// removePost removes item n when confirmed; the later items move up.
func (h *handler) removePost(w http.ResponseWriter, r *http.Request) error {
	def, page, q, n, err := h.repeatItem(r)
	if err != nil {
		return err
	}
	d, err := h.current(r.Context(), h.ensureSession(w, r), def)
	if err != nil {
		return err
	}
	items := d.Answers[q.ID].Items
	if n > len(items) {
		return fault.New(fault.NotFound, "no item %d of %s to remove", n, q.ID)
	}
	switch postedForm(r).get(confirmField) {
	case "yes":
		return h.saveItems(w, r, def, page, d, slices.Delete(slices.Clone(items), n-1, n))
	case "no":
		http.Redirect(w, r, questionPath(def.ID, page.ID)+changeQuery(r), http.StatusSeeOther)
		return nil
	}
	errs := service.FieldErrors{{Field: confirmField, Message: web.T(r, "Select yes if you want to remove %s", lowerFirst(q.ItemTitle(n)))}}
	return h.renderRemove(w, r, http.StatusUnprocessableEntity, def, page, items[n-1], n, errs)
}
