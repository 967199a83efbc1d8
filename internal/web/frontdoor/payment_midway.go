package frontdoor

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Paying part-way through the form (payment: after: PAGE): once that page
// is answered the form leads to …/pay, which says what the fee is and
// sends the person to GOV.UK Pay; coming back paid, the form goes on from
// the next page and the case is made at "Accept and send" with that
// payment. The answers the fee was worked out from are then fixed
// (service.Definition.PaidFor): their pages say they are paid for and are
// never saved again, whatever is posted to them, so the case carries the
// answers that were paid for (and cases.PaysFor refuses any other).

func payPath(id string) string { return "/services/" + id + "/pay" }

// afterPayment is where the form goes on once its fee is paid: the page
// after the one the fee is taken after, or "Check your answers" when every
// question is answered.
func afterPayment(def *service.Definition, answers service.Answers) string {
	if firstIncomplete(def, answers) == nil {
		return checkPath(def.ID)
	}
	if next, ok := def.NextPage(def.Payment.After, answers); ok {
		return questionPath(def.ID, next.ID)
	}
	return checkPath(def.ID)
}

// payFirstPage asks the person to pay before the form goes on.
type payFirstPage struct {
	ServiceName string
	Fee         string
	Action      string
	Back        string
}

// readyToPay loads the draft of a service that takes its fee part-way
// through and says where to send the person instead of the payment page:
// to the start without a draft, on past the payment when it is paid, back
// to a page the fee depends on that is not answered yet.
func (h *handler) readyToPay(w http.ResponseWriter, r *http.Request) (*service.Definition, draft, bool, error) {
	def, err := h.publicService(r)
	if err != nil {
		return nil, draft{}, false, err
	}
	if !def.Payment.Midway() {
		return nil, draft{}, false, fault.New(fault.NotFound, "service %s takes no payment part-way through", def.ID)
	}
	if h.Pay == nil || h.Payments == nil {
		return nil, draft{}, false, fault.New(fault.Unavailable, "service %s takes a payment but no GOV.UK Pay account is configured", def.ID)
	}
	d, err := h.current(r.Context(), h.session(r), def)
	if err != nil {
		return nil, draft{}, false, err
	}
	if d.ID == "" {
		http.Redirect(w, r, startPath(def.ID), http.StatusSeeOther)
		return nil, draft{}, false, nil
	}
	if _, paid, err := h.paidFor(r.Context(), def, d); err != nil || paid {
		if err == nil {
			http.Redirect(w, r, afterPayment(def, d.Answers), http.StatusSeeOther)
		}
		return nil, draft{}, false, err
	}
	if p := firstIncomplete(def, d.Answers); p != nil && def.PaidFor(p.ID) {
		http.Redirect(w, r, questionPath(def.ID, p.ID), http.StatusSeeOther)
		return nil, draft{}, false, nil
	}
	return def, d, true, nil
}

// payGet says what the fee is, before GOV.UK Pay.
func (h *handler) payGet(w http.ResponseWriter, r *http.Request) error {
	def, d, ok, err := h.readyToPay(w, r)
	if !ok || err != nil {
		return err
	}
	pence, ok := def.Fee(d.Answers)
	if !ok {
		return fault.New(fault.Invalid, "service %s: the fee cannot be worked out from the answers", def.ID)
	}
	// "Continue to payment" is answered with a redirect to GOV.UK Pay: the
	// browser follows it only if this page allows it.
	web.AllowFormAction(w, h.Pay.PaymentPageOrigins()...)
	return h.rd.Render(w, r, http.StatusOK, "pay_first", payFirstPage{ServiceName: def.Name, Fee: cases.Pounds(pence),
		Action: payPath(def.ID), Back: questionPath(def.ID, def.Payment.After)})
}

// payPost starts the payment.
func (h *handler) payPost(w http.ResponseWriter, r *http.Request) error {
	def, d, ok, err := h.readyToPay(w, r)
	if !ok || err != nil {
		return err
	}
	return h.startPayment(w, r, def, d)
}

// paidPage is a page whose answers are fixed by the fee paid for them.
type paidPage struct {
	ServiceName string
	Title       string
	Paid        string
	Rows        []web.SummaryRow
	Continue    string
}

// unlessPaid guards the pages whose answers a payment part-way through the
// form has fixed: once paid, such a page (its items and their removal too)
// shows what was paid for and is never saved again, whatever is posted to
// it (a back button, an old tab, a forged post); a post goes on past the
// payment. Every other page is next's.
func (h *handler) unlessPaid(next web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		def, page, err := h.servicePage(r)
		if err != nil || !def.PaidFor(page.ID) {
			return next(w, r)
		}
		d, err := h.current(r.Context(), h.session(r), def)
		if err != nil {
			return err
		}
		pay, paid, err := h.paidFor(r.Context(), def, d)
		if err != nil || !paid {
			if err != nil {
				return err
			}
			return next(w, r)
		}
		onward := afterPayment(def, d.Answers)
		if r.Method != http.MethodGet {
			http.Redirect(w, r, onward, http.StatusSeeOther)
			return nil
		}
		return h.rd.Render(w, r, http.StatusOK, "paid_page", paidPage{ServiceName: def.Name, Title: page.Title,
			Paid: cases.Pounds(pay.AmountPence), Rows: pageRows(def, page, d.Answers, false), Continue: onward})
	}
}
