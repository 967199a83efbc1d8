package frontdoor

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// "Accept and pay" and "Continue to payment" are pressed again and again:
// a slow page, a double click, the back button from GOV.UK Pay. Each
// press makes at most one payment for the draft: a payment the person can
// still finish, of the fee their answers work out to now, is reused; else
// the press claims the draft's next attempt in the store, and only the
// press that claims it asks GOV.UK Pay for a payment. Presses that lose
// the claim wait for that payment and send the person to it too.

// claimLasts is how long a claim keeps other presses waiting; a press
// whose claimant stopped (a node died mid-request) may then claim again.
// It is longer than GOV.UK Pay's client timeout.
const claimLasts = time.Minute

// joinWait is how long a press waits for another press's payment, and
// joinPoll how often it looks.
const (
	joinWait = 35 * time.Second
	joinPoll = 25 * time.Millisecond
)

// startPayment sends the person to GOV.UK Pay's card page for the fee the
// draft's answers work out to, creating the payment unless one is under way.
func (h *handler) startPayment(w http.ResponseWriter, r *http.Request, def *service.Definition, d draft) error {
	ctx := r.Context()
	pence, ok := def.Fee(d.Answers)
	if !ok {
		return fault.New(fault.Invalid, "service %s: the fee cannot be worked out from the answers", def.ID)
	}
	last, err := h.latestPayment(ctx, d.ID)
	if err != nil {
		return err
	}
	if next := h.stillPayable(ctx, last, pence); next != "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	claimed, err := h.Payments.ClaimPaymentStart(ctx, d.ID, last.Attempt+1, claimLasts)
	if err != nil {
		return err
	}
	if !claimed {
		return h.joinPayment(w, r, def, d.ID, last.Attempt, pence)
	}
	next, err := h.createPayment(ctx, def, d, pence)
	if err != nil {
		if rerr := h.Payments.ReleasePaymentStart(context.WithoutCancel(ctx), d.ID, last.Attempt+1); rerr != nil {
			h.Logger.ErrorContext(ctx, "releasing a payment claim", "draft", d.ID, "err", rerr)
		}
		return h.paymentNotStarted(w, r, def, err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// latestPayment is the draft's latest payment, the zero Payment when none.
func (h *handler) latestPayment(ctx context.Context, draftID string) (cases.Payment, error) {
	last, err := h.Payments.LatestPayment(ctx, draftID)
	if errors.Is(err, fault.NotFound) {
		return cases.Payment{}, nil
	}
	return last, err
}

// stillPayable is where to finish pay, if GOV.UK Pay says it can still be
// finished and it is of pence; else "".
func (h *handler) stillPayable(ctx context.Context, pay cases.Payment, pence int64) string {
	if pay.PaymentID == "" || pay.AmountPence != pence || pay.Status == govukpay.StatusSuccess {
		return ""
	}
	p, err := h.Pay.Get(ctx, pay.PaymentID)
	if err != nil {
		h.Logger.WarnContext(ctx, "GOV.UK Pay status unavailable; starting a new payment", "payment", pay.PaymentID, "err", err)
		return ""
	}
	if p.State.Finished {
		return ""
	}
	return p.NextURL()
}

// createPayment asks GOV.UK Pay for a payment, records it and returns its
// card page.
func (h *handler) createPayment(ctx context.Context, def *service.Definition, d draft, pence int64) (string, error) {
	req := govukpay.CreateRequest{Amount: pence, Reference: d.ID, Description: def.Payment.Description,
		ReturnURL: h.srv.Config().BaseURL + paymentReturnPath(def.ID), Language: string(def.Lang())}
	if def.Applicant.Email != "" {
		req.Email = d.Answers[def.Applicant.Email].Text
	}
	p, err := h.Pay.Create(ctx, req)
	if err != nil {
		return "", fault.Wrap(fault.Unavailable, err, "GOV.UK Pay refused a payment")
	}
	rec := cases.Payment{PaymentID: p.PaymentID, DraftID: d.ID, ServiceID: def.ID, Reference: d.ID, AmountPence: pence, Status: p.State.Status}
	return p.NextURL(), h.Payments.CreatePayment(ctx, rec)
}

// joinPayment waits for the payment another press is creating for the
// draft (the one after attempt) and sends the person to it.
func (h *handler) joinPayment(w http.ResponseWriter, r *http.Request, def *service.Definition, draftID string, attempt int, pence int64) error {
	ctx, cancel := context.WithTimeout(r.Context(), joinWait)
	defer cancel()
	tick := time.NewTicker(joinPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return h.paymentNotStarted(w, r, def, fault.Wrap(fault.Unavailable, ctx.Err(), "another press's payment did not appear"))
		case <-tick.C:
		}
		last, err := h.latestPayment(ctx, draftID)
		if err != nil || last.Attempt <= attempt {
			continue
		}
		if next := h.stillPayable(ctx, last, pence); next != "" {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return nil
		}
		return h.paymentNotStarted(w, r, def, fault.New(fault.Unavailable, "the payment another press made cannot be finished"))
	}
}

// paymentNotStarted says nothing was taken and the answers are kept.
func (h *handler) paymentNotStarted(w http.ResponseWriter, r *http.Request, def *service.Definition, cause error) error {
	h.Logger.ErrorContext(r.Context(), "no payment to send the person to", "service", def.ID, "err", cause)
	return h.renderPaymentProblem(w, r, def, govukpay.CodeError)
}
