package cases

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Payment is a fee paid through GOV.UK Pay for a case, or for a draft that
// will become one once the payment succeeds.
type Payment struct {
	// PaymentID is GOV.UK Pay's payment_id.
	PaymentID string
	DraftID   string
	ServiceID string
	// Reference is the reference sent to GOV.UK Pay (the draft's), shown on
	// the council's GOV.UK Pay reports beside the payment.
	Reference   string
	AmountPence int64
	// Status is GOV.UK Pay's state; Code its failure code (P0010 …).
	Status string
	Code   string
	// CaseRef is the case the payment became, once submitted.
	CaseRef       string
	RefundedPence int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Attempt counts the draft's payments from 1.
	Attempt int
	// Confirmation is the platform's MAC of GOV.UK Pay's confirmation of
	// the payment (Service.confirmed), empty until GOV.UK Pay confirmed it.
	Confirmation string
}

// PaymentSucceeded is GOV.UK Pay's state for a payment taken in full.
const PaymentSucceeded = "success"

// Paid reports whether pay, the latest payment of a draft of def, pays
// the fee answers work out to: our record says so (PaysFor) and GOV.UK
// Pay, asked for the payment by its id, confirms it. Our record alone is
// never enough, because anyone who can write to the database could write
// a successful payment. Errors: fault.Unavailable (GOV.UK Pay did not
// answer).
func (s *Service) Paid(ctx context.Context, def *service.Definition, pay Payment, answers service.Answers) (bool, error) {
	if !PaysFor(def, pay, answers) {
		return false, nil
	}
	return s.confirmed(ctx, pay)
}

// confirmed asks GOV.UK Pay whether our record of a successful payment is
// true: the payment exists, succeeded, and is of the amount and reference
// we recorded. A record GOV.UK Pay contradicts is logged for the council
// (the daily reconciliation lists it too) and is not believed; where
// GOV.UK Pay knows the payment, our record takes its state. Once GOV.UK
// Pay has confirmed it, the record keeps the confirmation, sealed with
// PaymentKey, and later calls believe the seal without asking again, so
// the pages after a paid fee do not depend on GOV.UK Pay answering.
func (s *Service) confirmed(ctx context.Context, pay Payment) (bool, error) {
	if s.Pay == nil {
		return false, nil
	}
	if seal := s.paymentSeal(pay); seal != "" && hmac.Equal([]byte(seal), []byte(pay.Confirmation)) {
		return true, nil
	}
	g, err := s.Pay.Payment(ctx, pay.PaymentID)
	switch {
	case errors.Is(err, fault.NotFound):
		s.logger().ErrorContext(ctx, "a payment recorded as successful is unknown to GOV.UK Pay", "payment", pay.PaymentID, "draft", pay.DraftID)
		return false, nil
	case err != nil:
		return false, fault.Wrap(fault.Unavailable, err, "GOV.UK Pay did not answer. Try again later")
	}
	if g.Status == PaymentSucceeded && g.AmountPence == pay.AmountPence && g.Reference == pay.Reference {
		if seal := s.paymentSeal(pay); seal != "" {
			if err := s.Payments.ConfirmPayment(ctx, pay.PaymentID, seal); err != nil {
				// GOV.UK Pay has answered: the seal is only saved work.
				s.logger().WarnContext(ctx, "a confirmed payment's seal was not kept", "payment", pay.PaymentID, "err", err)
			}
		}
		return true, nil
	}
	s.logger().ErrorContext(ctx, "GOV.UK Pay does not confirm a payment recorded as successful", "payment", pay.PaymentID,
		"draft", pay.DraftID, "their_status", g.Status, "their_amount", g.AmountPence)
	if g.Status != pay.Status || g.Code != pay.Code {
		if err := s.Payments.UpdatePayment(ctx, pay.PaymentID, g.Status, g.Code, ""); err != nil {
			return false, err
		}
	}
	return false, nil
}

// paymentSeal is the confirmation a record of a successful payment keeps
// once GOV.UK Pay has confirmed it: a MAC under PaymentKey, which lives
// outside the database, of everything confirmed is checked against (the
// draft it pays for, GOV.UK Pay's id, amount, reference and status). An
// insider who can write payments can copy a seal but not make one, and a
// seal copied to another draft, payment or amount does not check. Empty
// without a key: every view then asks GOV.UK Pay.
func (s *Service) paymentSeal(pay Payment) string {
	if len(s.PaymentKey) == 0 || pay.Status != PaymentSucceeded {
		return ""
	}
	m := hmac.New(sha256.New, s.PaymentKey)
	for _, f := range []string{pay.DraftID, pay.PaymentID, strconv.FormatInt(pay.AmountPence, 10), pay.Reference, pay.Status} {
		m.Write([]byte(f))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// PaymentStore keeps payments.
type PaymentStore interface {
	// CreatePayment records a payment just created with GOV.UK Pay.
	CreatePayment(ctx context.Context, p Payment) error
	// LatestPayment is a draft's most recent payment; fault.NotFound when none.
	LatestPayment(ctx context.Context, draftID string) (Payment, error)
	// ClaimPaymentStart claims the starting of the draft's payment attempt
	// (the one after its latest), so that of many presses of "Continue to
	// payment" at once one creates the payment. It is false when another
	// caller claimed that attempt less than lasts ago (longer ago, they
	// stopped before recording a payment).
	ClaimPaymentStart(ctx context.Context, draftID string, attempt int, lasts time.Duration) (bool, error)
	// ReleasePaymentStart gives up a claim whose payment was not made, so
	// the next press may try at once.
	ReleasePaymentStart(ctx context.Context, draftID string, attempt int) error
	// UpdatePayment records a payment's status, code and case.
	UpdatePayment(ctx context.Context, paymentID, status, code, caseRef string) error
	// ConfirmPayment keeps GOV.UK Pay's confirmation of a payment.
	ConfirmPayment(ctx context.Context, paymentID, confirmation string) error
	// PaymentsBetween lists payments created in [from, to), oldest first.
	PaymentsBetween(ctx context.Context, from, to time.Time) ([]Payment, error)
	refundStore
	reconcileStore
}

// PaymentOfCase and the refund methods below are part of PaymentStore.
type refundStore interface {
	// PaymentOfCase is the successful payment a case was made with;
	// fault.NotFound when it took none.
	PaymentOfCase(ctx context.Context, ref string) (Payment, error)
	// ReserveRefund records r as requesting and adds its amount to the
	// payment's refunded total in one statement that refuses (fault.Conflict)
	// a total above the amount paid; ErrRefundRepeated when a refund with
	// r's Key (not empty) exists, in which case nothing is written. It returns r with AvailablePence, what
	// was refundable before it, and CreatedAt set.
	ReserveRefund(ctx context.Context, r Refund) (Refund, error)
	// RefundsOfPayment lists a payment's refunds, oldest first.
	RefundsOfPayment(ctx context.Context, paymentID string) ([]Refund, error)
	// UnsettledRefunds lists refunds requesting or submitted, oldest first.
	UnsettledRefunds(ctx context.Context) ([]Refund, error)
}

// reconcileStore is what the daily reconciliation needs beyond payments.
type reconcileStore interface {
	// PaymentByID is one payment; fault.NotFound when unknown.
	PaymentByID(ctx context.Context, paymentID string) (Payment, error)
	// PaidDraft is the service, answers and (once submitted) case of a
	// draft; fault.NotFound when it is gone.
	PaidDraft(ctx context.Context, draftID string) (serviceID string, answers service.Answers, caseRef string, err error)
	// SubmitDraft records the case a draft became.
	SubmitDraft(ctx context.Context, draftID, caseRef string) error
	// SaveReconciliation keeps a day's report, replacing an earlier one.
	SaveReconciliation(ctx context.Context, r Reconciliation) error
	// ReconciliationOf is a day's report ("2026-12-03"); fault.NotFound.
	ReconciliationOf(ctx context.Context, day string) (Reconciliation, error)
	// Reconciliations lists the newest limit reports, newest first.
	Reconciliations(ctx context.Context, limit int) ([]Reconciliation, error)
}
