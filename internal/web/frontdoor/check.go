package frontdoor

import (
	"fmt"
	"net/http"

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
	// Fee is the amount to pay ("£150.00"), when the service takes one.
	Fee string
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
	page := checkPage{ServiceName: def.Name, Sections: sections(def, d.Answers), Action: checkPath(def.ID), Assisted: assisted(r, def)}
	if def.Payment != nil {
		if pence, ok := def.Payment.AmountPence(d.Answers); ok {
			page.Fee = fmt.Sprintf("£%d.%02d", pence/100, pence%100)
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

func sections(def *service.Definition, answers service.Answers) []section {
	var out []section
	for p, ok := def.FirstPage(answers); ok; p, ok = def.NextPage(p.ID, answers) {
		s := section{Title: p.Title}
		for i := range p.Questions {
			q := &p.Questions[i]
			if !def.QuestionVisible(q, answers) {
				continue
			}
			value, lines := display(def, q, answers[q.ID])
			s.Rows = append(s.Rows, web.SummaryRow{
				Key: web.UpperFirst(q.Label), Value: value, Lines: lines,
				ChangeHref: questionPath(def.ID, p.ID) + "?change=1", ChangeLabel: lowerFirst(q.Label),
			})
		}
		out = append(out, s)
	}
	return out
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
