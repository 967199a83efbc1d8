package cases

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// An officer refunds all or part of a case's fee. The refund is reserved
// in the store first (so concurrent clicks can never together refund more
// than was paid), then asked of GOV.UK Pay with the amount GOV.UK Pay
// should still hold as refundable (so it refuses a refund asked twice or
// out of order), then recorded on the case's timeline and in the audit
// log. GOV.UK Pay settles a refund later; SettleRefunds, a periodic task,
// asks it how each one ended and records that too.

// Refund is money given back on a case's payment.
type Refund struct {
	// ID is ours; GatewayID is GOV.UK Pay's refund_id once it answered.
	ID          string
	PaymentID   string
	CaseRef     string
	AmountPence int64
	// AvailablePence is what was refundable just before this refund: the
	// refund_amount_available sent to GOV.UK Pay.
	AvailablePence int64
	Reason         string
	RequestedBy    string
	// Key is the refund form's; see RefundRequest.
	Key       string
	Status    RefundStatus
	GatewayID string
	// Problem is GOV.UK Pay's reason for a refused or failed refund.
	Problem   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// RefundStatus is where a refund is.
type RefundStatus string

// Refund statuses. Requesting and submitted hold their amount against the
// payment; refused and failed give it back.
const (
	RefundRequesting RefundStatus = "requesting" // reserved; GOV.UK Pay has not answered
	RefundSubmitted  RefundStatus = "submitted"  // GOV.UK Pay accepted it
	RefundSucceeded  RefundStatus = "success"    // the money went back
	RefundFailed     RefundStatus = "error"      // GOV.UK Pay accepted it but it failed
	RefundRefused    RefundStatus = "refused"    // GOV.UK Pay said no
)

// Holds says whether the refund's amount still counts against the payment.
func (s RefundStatus) Holds() bool { return s != RefundFailed && s != RefundRefused }

// PayGateway is GOV.UK Pay's API, as refunds and reconciliation use it.
type PayGateway interface {
	// Refund asks for amount pence back, available being what the payment
	// should still have refundable. A refusal (the amount is no longer
	// available, or changed meanwhile) is fault.Conflict and a failure
	// GOV.UK Pay reports is fault.Unavailable, both with a public message;
	// any other error means the answer was lost and the refund may or may
	// not have been made.
	Refund(ctx context.Context, paymentID string, amount, available int64) (GatewayRefund, error)
	// Refunds lists the payment's refunds as GOV.UK Pay holds them.
	Refunds(ctx context.Context, paymentID string) ([]GatewayRefund, error)
	// Payment is one payment as GOV.UK Pay holds it now; fault.NotFound
	// when GOV.UK Pay has no such payment.
	Payment(ctx context.Context, paymentID string) (GatewayPayment, error)
	// PaymentsBetween lists the payments GOV.UK Pay holds that were
	// created in [from, to).
	PaymentsBetween(ctx context.Context, from, to time.Time) ([]GatewayPayment, error)
}

// GatewayPayment is a payment as GOV.UK Pay reports it.
type GatewayPayment struct {
	ID          string
	Reference   string
	Description string
	AmountPence int64
	// Status is GOV.UK Pay's state (success, failed, ...), Code its
	// failure code.
	Status, Code string
	// RefundedPence is what GOV.UK Pay has submitted as refunded.
	RefundedPence int64
	CreatedAt     time.Time
}

// GatewayRefund is a refund as GOV.UK Pay reports it.
type GatewayRefund struct {
	ID          string
	AmountPence int64
	// Status is submitted, success or error.
	Status string
}

// RefundUpdate moves a refund on, in the same transaction as the timeline
// event and audit entry that record it (Change.Refund).
type RefundUpdate struct {
	ID string
	// From is the status the refund must still have; a refund moved on
	// meanwhile fails the change with ErrRefundMoved.
	From      RefundStatus
	To        RefundStatus
	GatewayID string
	Problem   string
}

// ErrRefundMoved is the store's answer to a RefundUpdate whose refund is
// no longer in From: another request or node recorded it first.
var ErrRefundMoved = errors.New("the refund was recorded meanwhile")

// Timeline events and audit actions of refunds.
const (
	EventRefundRequested EventKind = "refund_requested"
	EventRefunded        EventKind = "refunded"
	EventRefundFailed    EventKind = "refund_failed"

	AuditRefundRequested = "case.refund.requested"
	AuditRefunded        = "case.refund.succeeded"
	AuditRefundFailed    = "case.refund.failed"
)

// MaxRefundReason bounds the reason an officer gives.
const MaxRefundReason = 500

// RefundRequest is an officer's refund of a case's fee.
type RefundRequest struct {
	Ref string
	// Amount is in pounds as an officer types it: "150", "12.50", "£1,000".
	Amount string
	Reason string
	// Key is the refund form's (NewRefundKey): the same form sent many
	// times, at once or later, makes one refund. Empty or malformed, each
	// request is a refund of its own.
	Key string
}

// NewRefundKey is a fresh key for a refund form.
func NewRefundKey() string { return newRefundID() }

// IsRefundKey says whether key is one NewRefundKey could have made.
func IsRefundKey(key string) bool {
	if len(key) != 32 {
		return false
	}
	_, err := hex.DecodeString(key)
	return err == nil && strings.ToLower(key) == key
}

// ErrRefundRepeated is the store's answer to a refund whose form (its
// Key) already made one.
var ErrRefundRepeated = errors.New("this refund form was already sent")

// Refund gives back all or part of the fee paid for case req.Ref. It
// returns the refund as GOV.UK Pay left it (submitted, normally), or the
// zero Refund and no error when the same form (req.Key) already made one.
// Errors: fault.NotFound, fault.Forbidden (p may not work the case),
// *service.ValidationError (amount or reason; fault.Invalid), fault.Conflict
// (no more than is left may be refunded, or GOV.UK Pay refused),
// fault.Unavailable (GOV.UK Pay failed or did not answer).
func (s *Service) Refund(ctx context.Context, p access.Principal, req RefundRequest) (Refund, error) {
	c, err := s.forAct(ctx, p, req.Ref, 0)
	if err != nil {
		return Refund{}, err
	}
	if s.Payments == nil || s.Pay == nil {
		return Refund{}, fault.New(fault.Unavailable, "refunds need a GOV.UK Pay account")
	}
	pay, err := s.Payments.PaymentOfCase(ctx, c.Ref)
	if errors.Is(err, fault.NotFound) {
		return Refund{}, fault.New(fault.Invalid, "case %s took no payment", c.Ref)
	} else if err != nil {
		return Refund{}, err
	}
	reason := strings.TrimSpace(strings.ReplaceAll(req.Reason, "\r\n", "\n"))
	amount, err := checkRefund(req.Amount, pay.AmountPence-pay.RefundedPence, reason)
	if err != nil {
		return Refund{}, err
	}
	key := req.Key
	if !IsRefundKey(key) {
		key = ""
	}
	r, err := s.Payments.ReserveRefund(ctx, Refund{ID: newRefundID(), PaymentID: pay.PaymentID, CaseRef: c.Ref,
		AmountPence: amount, Reason: reason, RequestedBy: actorOf(p), Status: RefundRequesting, Key: key})
	if errors.Is(err, ErrRefundRepeated) {
		return Refund{}, nil // the first sending of the form made the refund
	}
	if err != nil {
		return Refund{}, err
	}
	g, err := s.Pay.Refund(ctx, pay.PaymentID, r.AmountPence, r.AvailablePence)
	if err != nil {
		return r, s.refundNotMade(ctx, p, r, err)
	}
	r.Status, r.GatewayID = RefundSubmitted, g.ID
	if err := s.recordRefund(ctx, p, r, RefundUpdate{ID: r.ID, From: RefundRequesting, To: RefundSubmitted, GatewayID: g.ID}); err != nil {
		return r, err
	}
	if g.Status != string(RefundSubmitted) { // GOV.UK Pay may settle at once
		return r, s.settle(ctx, r, g)
	}
	return r, nil
}

// refundNotMade records a refund GOV.UK Pay refused or failed, giving its
// amount back, and returns the error the officer sees. A lost answer is
// left requesting: SettleRefunds finds out from GOV.UK Pay what happened.
func (s *Service) refundNotMade(ctx context.Context, p access.Principal, r Refund, cause error) error {
	if !errors.Is(cause, fault.Conflict) && !errors.Is(cause, fault.Unavailable) {
		s.logger().ErrorContext(ctx, "GOV.UK Pay did not answer a refund", "refund", r.ID, "err", cause)
		return fault.Wrap(fault.Unavailable, cause, "GOV.UK Pay did not answer. The refund will be checked with GOV.UK Pay and shown on the timeline")
	}
	problem := fault.Public(cause)
	if err := s.recordRefund(ctx, p, r, RefundUpdate{ID: r.ID, From: RefundRequesting, To: RefundRefused, Problem: problem}); err != nil {
		return err
	}
	return cause
}

// checkRefund is the one rule for what may be refunded: an amount in
// pounds and pence from 1p to what is left, with a reason. It returns the
// amount in pence.
func checkRefund(text string, left int64, reason string) (int64, error) {
	var fe service.FieldErrors
	amount, ok := ParsePounds(text)
	switch {
	case left <= 0:
		return 0, fault.New(fault.Conflict, "the payment has been refunded in full")
	case strings.TrimSpace(text) == "":
		fe = append(fe, service.FieldError{Field: "amount", Message: "Enter the amount to refund"})
	case !ok || amount < 1:
		fe = append(fe, service.FieldError{Field: "amount", Message: "Enter the amount in pounds and pence, like 12.50"})
	case amount > left:
		fe = append(fe, service.FieldError{Field: "amount", Message: "The refund must be " + Pounds(left) + " or less"})
	}
	switch {
	case reason == "":
		fe = append(fe, service.FieldError{Field: "reason", Message: "Enter why the payment is being refunded"})
	case len([]rune(reason)) > MaxRefundReason:
		fe = append(fe, service.FieldError{Field: "reason", Message: fmt.Sprintf("The reason must be %d characters or fewer", MaxRefundReason)})
	case service.CharacterProblem(reason) != "":
		fe = append(fe, service.FieldError{Field: "reason", Message: service.CharacterMessage(service.CharacterProblem(reason), "The reason")})
	}
	if len(fe) > 0 {
		return 0, &service.ValidationError{Errors: fe}
	}
	return amount, nil
}

// ParsePounds reads an amount of money as people write it ("12", "12.5",
// "£1,234.50") as pence; false for anything else, or more than GOV.UK Pay
// takes.
func ParsePounds(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(s), "£"), ",", "")
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || len(whole) > 6 || len(frac) > 2 || (dotted && frac == "") {
		return 0, false
	}
	var pence int64
	for _, r := range whole + (frac + "00")[:2] {
		if r < '0' || r > '9' {
			return 0, false
		}
		pence = pence*10 + int64(r-'0')
	}
	return pence, pence <= service.MaxPence
}

// Pounds writes pence as people read money: £1,234.50.
func Pounds(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	whole := fmt.Sprint(pence / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s£%s.%02d", sign, whole, pence%100)
}

func newRefundID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// recordRefund writes a refund's move, its timeline event and its audit
// entry in one transaction. Other changes to the case (another officer's
// note, a second refund) may land between the read and the write, so a
// stale version is read again and retried; a refund another caller has
// already moved is left as they recorded it.
func (s *Service) recordRefund(ctx context.Context, p access.Principal, r Refund, u RefundUpdate) error {
	for range refAttempts {
		c, err := s.Store.CaseByRef(ctx, r.CaseRef)
		if err != nil {
			return err
		}
		err = s.Store.ApplyChanges(ctx, refundChange(s.now().UTC(), p, c, r, u))
		switch {
		case errors.Is(err, ErrRefundMoved):
			return nil
		case errors.Is(err, fault.Conflict):
			continue
		case err != nil:
			return fmt.Errorf("refund on %s: %w", r.CaseRef, err)
		}
		return nil
	}
	return fault.New(fault.Conflict, "case %s kept changing: the refund was not recorded", r.CaseRef)
}

// refundChange is the case change that records u.
func refundChange(now time.Time, p access.Principal, c Case, r Refund, u RefundUpdate) Change {
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	kind, action, note := EventRefundRequested, AuditRefundRequested, Pounds(r.AmountPence)+" asked of GOV.UK Pay. Reason: "+r.Reason
	switch u.To {
	case RefundSucceeded:
		kind, action, note = EventRefunded, AuditRefunded, Pounds(r.AmountPence)+" returned to the card it was paid with"
	case RefundFailed, RefundRefused:
		kind, action, note = EventRefundFailed, AuditRefundFailed, Pounds(r.AmountPence)+" was not refunded: "+u.Problem
	}
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: kind, Note: note, Visibility: Internal}
	detail := map[string]any{"refund": r.ID, "payment": r.PaymentID, "amount_pence": r.AmountPence, "status": string(u.To)}
	if u.GatewayID != "" {
		detail["gateway_refund"] = u.GatewayID
	}
	return Change{Case: c, ExpectVersion: before, Events: []Event{ev}, Refund: &u,
		Audit: []audit.Entry{caseEntry(now, actor, action, c, detail)}}
}
