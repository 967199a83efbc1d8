package workspace

import (
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// paymentView is a case's fee and refunds as the case page shows them.
type paymentView struct {
	Amount    string
	PaidAt    string
	PaymentID string
	Refunded  string
	Left      string
	Refunds   []refundRow
}

type refundRow struct {
	At, Amount, Status, Tag, Reason, Problem string
}

// refundStatuses label a refund's status for people, with its tag colour.
var refundStatuses = map[cases.RefundStatus][2]string{
	cases.RefundRequesting: {"Checking with GOV.UK Pay", "govuk-tag--yellow"},
	cases.RefundSubmitted:  {"Submitted", "govuk-tag--blue"},
	cases.RefundSucceeded:  {"Refunded", "govuk-tag--green"},
	cases.RefundFailed:     {"Failed", "govuk-tag--red"},
	cases.RefundRefused:    {"Refused", "govuk-tag--red"},
}

func newPaymentView(p *cases.CasePayment) *paymentView {
	if p == nil {
		return nil
	}
	v := &paymentView{Amount: cases.Pounds(p.AmountPence), PaidAt: formatTime(p.CreatedAt), PaymentID: p.PaymentID,
		Left: cases.Pounds(p.LeftPence())}
	var refunded int64
	for _, r := range p.Refunds {
		if r.Status == cases.RefundSucceeded {
			refunded += r.AmountPence
		}
		st := refundStatuses[r.Status]
		v.Refunds = append(v.Refunds, refundRow{At: formatTime(r.CreatedAt), Amount: cases.Pounds(r.AmountPence),
			Status: st[0], Tag: st[1], Reason: r.Reason, Problem: r.Problem})
	}
	v.Refunded = cases.Pounds(refunded)
	return v
}

// caseRefund refunds some or all of a case's fee through GOV.UK Pay.
func (h *handler) caseRefund(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fault.Wrap(fault.Invalid, err, "refund form")
	}
	ref := r.PathValue("ref")
	req := cases.RefundRequest{Ref: ref, Amount: r.PostFormValue("amount"), Reason: r.PostFormValue("reason"), Key: r.PostFormValue("refund_key")}
	_, err := h.Cases.Refund(r.Context(), principal(r), req)
	var ve *service.ValidationError
	switch {
	case errors.As(err, &ve):
		var problems []web.FieldError
		for _, fe := range ve.Errors {
			problems = append(problems, web.FieldError{Field: "refund-" + fe.Field, Message: fe.Message})
		}
		return h.refundProblem(w, r, req, problems)
	case errors.Is(err, fault.Conflict), errors.Is(err, fault.Unavailable):
		return h.refundProblem(w, r, req, []web.FieldError{{Field: "refund-amount", Message: fault.Public(err)}})
	case err != nil:
		return err
	}
	http.Redirect(w, r, withDone(caseURL(ref), "refund")+"#payment", http.StatusSeeOther)
	return nil
}

// refundProblem shows the case again with the refund form's problems and
// what the officer typed.
func (h *handler) refundProblem(w http.ResponseWriter, r *http.Request, req cases.RefundRequest, problems []web.FieldError) error {
	data, err := h.caseData(r, req.Ref)
	if err != nil {
		return err
	}
	data.RefundErrors, data.RefundAmount, data.RefundReason = problems, req.Amount, req.Reason
	if cases.IsRefundKey(req.Key) { // the same form again: still one refund however often it is sent
		data.RefundKey = req.Key
	}
	return h.page(w, r, http.StatusUnprocessableEntity, "case", data)
}
