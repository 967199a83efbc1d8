package cases

import (
	"context"
	"errors"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// RefundAnswerWait is how long a refund whose request got no answer is
// left before GOV.UK Pay's list of refunds is taken as the truth about it:
// long enough that a request still in flight has been answered.
const RefundAnswerWait = 5 * time.Minute

// SettleRefunds asks GOV.UK Pay how each unsettled refund stands and
// records every one that has moved: a submitted refund that succeeded or
// failed, and a refund whose request went unanswered (found in GOV.UK
// Pay's list, or, absent from it, never made). It is a periodic task; an
// error with one payment does not stop the others.
func (s *Service) SettleRefunds(ctx context.Context) error {
	if s.Payments == nil || s.Pay == nil {
		return nil
	}
	pending, err := s.Payments.UnsettledRefunds(ctx)
	if err != nil {
		return err
	}
	byPayment := map[string][]Refund{}
	var order []string
	for _, r := range pending {
		if byPayment[r.PaymentID] == nil {
			order = append(order, r.PaymentID)
		}
		byPayment[r.PaymentID] = append(byPayment[r.PaymentID], r)
	}
	var errs []error
	for _, id := range order {
		errs = append(errs, s.settlePayment(ctx, id, byPayment[id]))
	}
	return errors.Join(errs...)
}

// settlePayment settles the unsettled refunds of one payment against
// GOV.UK Pay's list of its refunds.
func (s *Service) settlePayment(ctx context.Context, paymentID string, pending []Refund) error {
	theirs, err := s.Pay.Refunds(ctx, paymentID)
	if err != nil {
		return err
	}
	ours, err := s.Payments.RefundsOfPayment(ctx, paymentID)
	if err != nil {
		return err
	}
	claimed := map[string]bool{}
	for _, r := range ours {
		claimed[r.GatewayID] = r.GatewayID != ""
	}
	for _, r := range pending {
		if r.Status == RefundSubmitted {
			if g, ok := findRefund(theirs, r.GatewayID); ok && g.Status != string(RefundSubmitted) {
				err = errors.Join(err, s.settle(ctx, r, g))
			}
			continue
		}
		if s.now().Sub(r.CreatedAt) < RefundAnswerWait {
			continue
		}
		err = errors.Join(err, s.resolveUnanswered(ctx, r, theirs, claimed))
	}
	return err
}

// resolveUnanswered decides a refund whose request went unanswered: a
// refund of its amount in GOV.UK Pay that no other refund of ours claims
// is it; with none, GOV.UK Pay never made it.
func (s *Service) resolveUnanswered(ctx context.Context, r Refund, theirs []GatewayRefund, claimed map[string]bool) error {
	for _, g := range theirs {
		if claimed[g.ID] || g.AmountPence != r.AmountPence {
			continue
		}
		claimed[g.ID] = true
		if err := s.recordRefund(ctx, access.System, r, RefundUpdate{ID: r.ID, From: RefundRequesting, To: RefundSubmitted, GatewayID: g.ID}); err != nil {
			return err
		}
		r.Status, r.GatewayID = RefundSubmitted, g.ID
		if g.Status != string(RefundSubmitted) {
			return s.settle(ctx, r, g)
		}
		return nil
	}
	return s.recordRefund(ctx, access.System, r, RefundUpdate{ID: r.ID, From: RefundRequesting, To: RefundRefused,
		Problem: "GOV.UK Pay has no record of the request"})
}

// settle records how GOV.UK Pay ended a submitted refund.
func (s *Service) settle(ctx context.Context, r Refund, g GatewayRefund) error {
	u := RefundUpdate{ID: r.ID, From: RefundSubmitted, To: RefundSucceeded, GatewayID: g.ID}
	if g.Status != string(RefundSucceeded) {
		u.To, u.Problem = RefundFailed, "GOV.UK Pay could not return the money to the card"
	}
	return s.recordRefund(ctx, access.System, r, u)
}

func findRefund(list []GatewayRefund, id string) (GatewayRefund, bool) {
	for _, g := range list {
		if g.ID == id {
			return g, true
		}
	}
	return GatewayRefund{}, false
}
