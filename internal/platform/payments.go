package platform

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
)

// payClient is GOV.UK Pay when an API key is configured, else nil.
func (p *Platform) payClient() *govukpay.Client {
	if p.Config.PayAPIKey == "" {
		return nil
	}
	return &govukpay.Client{BaseURL: p.Config.PayBaseURL, APIKey: p.Config.PayAPIKey}
}

// payGateway is GOV.UK Pay when an API key is configured; nil
// refuses refunds.
func (p *Platform) payGateway() cases.PayGateway {
	if c := p.payClient(); c != nil {
		return payGatewayAdapter{c}
	}
	return nil
}

// payGatewayAdapter adapts GOV.UK Pay's refund API to what cases needs,
// turning its answers into the error kinds cases reads: a refusal is
// fault.Conflict, a failure it reports is fault.Unavailable, each with
// words an officer can act on.
type payGatewayAdapter struct{ c *govukpay.Client }

var _ cases.PayGateway = payGatewayAdapter{}

// refundRefusals are what an officer reads when GOV.UK Pay says no.
var refundRefusals = map[string]string{
	govukpay.CodeRefundMismatch:     "Another refund of this payment was made at the same time, so GOV.UK Pay refused this one. Check the refunds below and try again if it is still needed",
	govukpay.CodeRefundNotAvailable: "GOV.UK Pay says no more of this payment can be refunded",
}

func (g payGatewayAdapter) Refund(ctx context.Context, paymentID string, amount, available int64) (cases.GatewayRefund, error) {
	r, err := g.c.RefundPayment(ctx, paymentID, amount, available)
	var pe *govukpay.Error
	switch {
	case err == nil:
		return cases.GatewayRefund{ID: r.RefundID, AmountPence: r.Amount, Status: r.Status}, nil
	case !errors.As(err, &pe):
		return cases.GatewayRefund{}, err // no answer: the refund may have been made
	case pe.HTTPStatus >= 500:
		return cases.GatewayRefund{}, fault.Wrap(fault.Unavailable, err, "GOV.UK Pay could not make the refund. Nothing was refunded: try again later")
	}
	msg, ok := refundRefusals[pe.Code]
	if !ok {
		msg = "GOV.UK Pay refused the refund (" + pe.Code + ")"
	}
	return cases.GatewayRefund{}, fault.Wrap(fault.Conflict, err, msg)
}

func (g payGatewayAdapter) Refunds(ctx context.Context, paymentID string) ([]cases.GatewayRefund, error) {
	list, err := g.c.RefundsOf(ctx, paymentID)
	out := make([]cases.GatewayRefund, 0, len(list))
	for _, r := range list {
		out = append(out, cases.GatewayRefund{ID: r.RefundID, AmountPence: r.Amount, Status: r.Status})
	}
	return out, err
}

func (g payGatewayAdapter) Payment(ctx context.Context, paymentID string) (cases.GatewayPayment, error) {
	p, err := g.c.Get(ctx, paymentID)
	var pe *govukpay.Error
	if errors.As(err, &pe) && pe.HTTPStatus == http.StatusNotFound {
		return cases.GatewayPayment{}, fault.Wrap(fault.NotFound, err, "GOV.UK Pay has no payment "+paymentID)
	} else if err != nil {
		return cases.GatewayPayment{}, err
	}
	return gatewayPayment(p), nil
}

// gatewayPayment is a payment as cases reads it.
func gatewayPayment(p govukpay.Payment) cases.GatewayPayment {
	at, _ := time.Parse(time.RFC3339, p.CreatedDate)
	return cases.GatewayPayment{ID: p.PaymentID, Reference: p.Reference, Description: p.Description, AmountPence: p.Amount,
		Status: p.State.Status, Code: p.State.Code, RefundedPence: p.RefundSummary.AmountSubmitted, CreatedAt: at}
}

func (g payGatewayAdapter) PaymentsBetween(ctx context.Context, from, to time.Time) ([]cases.GatewayPayment, error) {
	list, err := g.c.Search(ctx, from, to)
	out := make([]cases.GatewayPayment, 0, len(list))
	for _, p := range list {
		out = append(out, gatewayPayment(p))
	}
	return out, err
}
