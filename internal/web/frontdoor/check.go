package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// section is one page's answers on "Check your answers".
type section struct {
	Title string
	Rows  []web.SummaryRow
}

type checkPage struct {
	ServiceName string
	Sections    []section
	Action      string
	Back        string
	Assisted    bool
	// Fee is the amount to pay ("£150.00"), when the service takes one;
	// Paid is the amount paid, when its fee was paid part-way through.
	Fee, Paid string
}

// checkGet is "Check your answers": every answer shown, each with a change
// link that comes back here.
func (h *handler) checkGet(w http.ResponseWriter, r *http.Request) error {
	def, err := h.publicService(r)
	if err != nil {
		return err
	}
	d, err := h.loadDraft(r.Context(), h.session(r), def)
	if err != nil {
		return err
	}
	if d.CaseRef != "" {
		http.Redirect(w, r, confirmationPath(def.ID), http.StatusSeeOther)
		return nil
	}
	if p := firstIncomplete(def, d.Answers); p != nil || d.ID == "" {
		http.Redirect(w, r, h.resume(def, d.Answers, p), http.StatusSeeOther)
		return nil
	}
	pay, paid, err := h.paidFor(r.Context(), def, d)
	if err != nil {
		return err
	}
	page := checkPage{ServiceName: def.Name, Sections: sections(def, d.Answers, paid), Action: checkPath(def.ID), Assisted: assisted(r, def)}
	switch {
	case paid:
		page.Paid = cases.Pounds(pay.AmountPence)
	case def.Payment != nil:
		if pence, ok := def.Fee(d.Answers); ok {
			page.Fee = cases.Pounds(pence)
		}
		if h.Pay != nil {
			// "Accept and pay" is answered with a redirect to GOV.UK Pay:
			// the browser follows it only if this page allows it.
			web.AllowFormAction(w, h.Pay.PaymentPageOrigins()...)
		}
	}
	if last := lastPage(def, d.Answers); last != nil {
		page.Back = questionPath(def.ID, last.ID)
	}
	return h.rd.Render(w, r, http.StatusOK, "check_answers", page)
}

// resume is where to send someone who is not ready to check their answers.
func (h *handler) resume(def *service.Definition, answers service.Answers, incomplete *service.Page) string {
	if incomplete != nil {
		return questionPath(def.ID, incomplete.ID)
	}
	return startPath(def.ID)
}

// sections are the answers of every page shown, page by page; the pages a
// paid fee has fixed (paid is true when the draft's fee is paid) have no
// change links.
func sections(def *service.Definition, answers service.Answers, paid bool) []section {
	var out []section
	for p, ok := def.FirstPage(answers); ok; p, ok = def.NextPage(p.ID, answers) {
		out = append(out, section{Title: p.Title, Rows: pageRows(def, p, answers, !(paid && def.PaidFor(p.ID)))})
	}
	return out
}

// pageRows are a page's answers as summary rows, with change links when
// change is true.
func pageRows(def *service.Definition, p *service.Page, answers service.Answers, change bool) []web.SummaryRow {
	var rows []web.SummaryRow
	for i := range p.Questions {
		q := &p.Questions[i]
		if !def.QuestionVisible(q, answers) {
			continue
		}
		value, lines := display(def, q, answers[q.ID])
		row := web.SummaryRow{Key: web.UpperFirst(q.Label), Value: value, Lines: lines}
		if change {
			row.ChangeHref, row.ChangeLabel = questionPath(def.ID, p.ID)+"?change=1", lowerFirst(q.Label)
		}
		rows = append(rows, row)
	}
	return rows
}

func lastPage(def *service.Definition, answers service.Answers) *service.Page {
	var last *service.Page
	for p, ok := def.FirstPage(answers); ok; p, ok = def.NextPage(p.ID, answers) {
		last = p
	}
	return last
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // an acronym: "FOI request"
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
