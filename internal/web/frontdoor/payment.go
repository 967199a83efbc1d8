package frontdoor

import (
	"context"
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Paying at the end: "Accept and pay" creates a GOV.UK Pay payment for the
// draft and sends the person to GOV.UK Pay's card page; GOV.UK Pay sends
// them back to …/payment/return, where the payment's state is read from
// GOV.UK Pay (never from the URL) and, on success, the case is made. The
// draft id is both the payment's reference and the case's idempotency
// key, so returning twice, or twice at once, makes one case. A payment
// that did not succeed keeps every answer and offers to try again.

// PaymentGateway is GOV.UK Pay: *govukpay.Client.
type PaymentGateway interface {
	Create(ctx context.Context, req govukpay.CreateRequest) (govukpay.Payment, error)
	Get(ctx context.Context, paymentID string) (govukpay.Payment, error)
	// PaymentPageOrigins are where a resident is sent to pay.
	PaymentPageOrigins() []string
}

var _ PaymentGateway = (*govukpay.Client)(nil)

func paymentReturnPath(id string) string { return "/services/" + id + "/payment/return" }

// pay submits a draft already paid for, or starts a new payment.
func (h *handler) pay(w http.ResponseWriter, r *http.Request, def *service.Definition, d draft) error {
	if h.Pay == nil || h.Payments == nil {
		return fault.New(fault.Unavailable, "service %s takes a payment but no GOV.UK Pay account is configured", def.ID)
	}
	last, paid, err := h.paidFor(r.Context(), def, d)
	if err != nil {
		return err
	}
	if paid {
		return h.submitPaid(w, r, def, d, last.PaymentID)
	}
	return h.startPayment(w, r, def, d)
}

// paidFor is the draft's latest payment and whether it pays the fee the
// draft's answers work out to now, as GOV.UK Pay confirms (cases.Service.Paid).
func (h *handler) paidFor(ctx context.Context, def *service.Definition, d draft) (cases.Payment, bool, error) {
	if def.Payment == nil || h.Payments == nil || d.ID == "" {
		return cases.Payment{}, false, nil
	}
	last, err := h.Payments.LatestPayment(ctx, d.ID)
	switch {
	case errors.Is(err, fault.NotFound):
		return cases.Payment{}, false, nil
	case err != nil:
		return cases.Payment{}, false, err
	}
	paid, err := h.Cases.Paid(ctx, def, last, d.Answers)
	return last, paid, err
}

// paymentReturn is where GOV.UK Pay sends the person back.
func (h *handler) paymentReturn(w http.ResponseWriter, r *http.Request) error {
	def, d, ok, err := h.draftToSend(w, r)
	if !ok || err != nil {
		return err
	}
	if h.Pay == nil || h.Payments == nil {
		http.Redirect(w, r, startPath(def.ID), http.StatusSeeOther)
		return nil
	}
	ctx := r.Context()
	last, err := h.Payments.LatestPayment(ctx, d.ID)
	if errors.Is(err, fault.NotFound) {
		http.Redirect(w, r, checkPath(def.ID), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	p, err := h.Pay.Get(ctx, last.PaymentID)
	if err != nil {
		h.Logger.ErrorContext(ctx, "GOV.UK Pay status unavailable", "payment", last.PaymentID, "err", err)
		return h.renderPaymentProblem(w, r, def, govukpay.CodeError)
	}
	if err := h.Payments.UpdatePayment(ctx, p.PaymentID, p.State.Status, p.State.Code, ""); err != nil {
		return err
	}
	switch {
	case p.State.Status == govukpay.StatusSuccess:
		last.Status = p.State.Status
		if !cases.PaysFor(def, last, d.Answers) {
			return h.renderFeeChanged(w, r, def, d, last)
		}
		if def.Payment.Midway() {
			http.Redirect(w, r, afterPayment(def, d.Answers), http.StatusSeeOther)
			return nil
		}
		return h.submitPaid(w, r, def, d, p.PaymentID)
	case !p.State.Finished && p.NextURL() != "": // came back early: carry on paying
		http.Redirect(w, r, p.NextURL(), http.StatusSeeOther)
		return nil
	}
	return h.renderPaymentProblem(w, r, def, p.State.Code)
}

// submitPaid makes the case of a paid draft and ties the payment to it.
func (h *handler) submitPaid(w http.ResponseWriter, r *http.Request, def *service.Definition, d draft, paymentID string) error {
	ref, err := h.submit(w, r, def, d, paymentID)
	if err != nil || ref == "" {
		return err
	}
	return h.Payments.UpdatePayment(r.Context(), paymentID, govukpay.StatusSuccess, "", ref)
}

// paymentProblemPage says why a payment did not go through; nothing was
// taken and the answers are kept.
type paymentProblemPage struct {
	ServiceName string
	Title       string
	Body        string
	Action      string
	Check       string
}

// paymentMessages are what a person reads, by GOV.UK Pay's failure code
// (in English, marked for the catalogue; written in their language when shown).
var paymentMessages = map[string][2]string{
	govukpay.CodeDeclined:         {lang.N("Your payment was declined"), lang.N("Your card has not been charged. Check your card details and try again, or use a different card.")},
	govukpay.CodeExpired:          {lang.N("Your payment session timed out"), lang.N("You have not been charged. Your answers have been kept, so you can try again now.")},
	govukpay.CodeCancelledByUser:  {lang.N("Your payment was cancelled"), lang.N("You have not been charged. Your answers have been kept, so you can pay when you are ready.")},
	govukpay.CodeCancelledService: {lang.N("Your payment was cancelled"), lang.N("You have not been charged. Your answers have been kept, so you can try again.")},
	govukpay.CodeError:            {lang.N("Sorry, there is a problem with the payment service"), lang.N("You have not been charged. Your answers have been kept. Try again later.")},
}

func (h *handler) renderPaymentProblem(w http.ResponseWriter, r *http.Request, def *service.Definition, code string) error {
	m, ok := paymentMessages[code]
	if !ok {
		m = paymentMessages[govukpay.CodeError]
	}
	return h.rd.Render(w, r, http.StatusOK, "payment_problem", paymentProblemPage{
		ServiceName: def.Name, Title: web.T(r, m[0]), Body: web.T(r, m[1]), Action: payAgainPath(def), Check: checkPath(def.ID)})
}

// renderFeeChanged answers a payment that went through for answers that
// changed while the person was paying (in another tab): the fee it paid
// is not the fee of the answers now, so it cannot make the case. The
// person pays the new fee; the daily reconciliation lists the first
// payment as paid with no case, for the council to refund.
func (h *handler) renderFeeChanged(w http.ResponseWriter, r *http.Request, def *service.Definition, d draft, paid cases.Payment) error {
	was := cases.Pounds(paid.AmountPence)
	body := web.T(r, "You paid %s, but you changed your answers while you were paying.", was)
	if pence, ok := def.Fee(d.Answers); ok {
		body += " " + web.T(r, "The fee for your answers is now %s.", cases.Pounds(pence))
	}
	body += " " + web.T(r, "Pay again to send your request. We will refund the %s you paid first.", was)
	return h.rd.Render(w, r, http.StatusOK, "payment_problem", paymentProblemPage{
		ServiceName: def.Name, Title: web.T(r, "Your answers changed while you were paying"), Body: body,
		Action: payAgainPath(def), Check: checkPath(def.ID)})
}

// payAgainPath is where "Try to pay again" posts: the payment page of a
// fee taken part-way through the form, else "Check your answers".
func payAgainPath(def *service.Definition) string {
	if def.Payment.Midway() {
		return payPath(def.ID)
	}
	return checkPath(def.ID)
}
