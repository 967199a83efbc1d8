package govukpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
)

// TestRefundLifecycle: a partial refund is submitted, then settles as
// success; a refund the processor fails gives its amount back; asking for
// more than is left, or with a stale refund_amount_available, is refused
// with GOV.UK Pay's codes.
func TestRefundLifecycle(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	p := create(t, c, 15000)
	if _, err := s.Finish(p.PaymentID, paytest.OutcomeSuccess); err != nil {
		t.Fatal(err)
	}
	r, err := c.RefundPayment(ctx, p.PaymentID, 5000, 15000)
	if err != nil || r.Status != govukpay.RefundSubmitted || r.Amount != 5000 {
		t.Fatalf("refund: %+v %v", r, err)
	}
	wantCode[govukpay.Refund](t, "stale available", 412, govukpay.CodeRefundMismatch)(c.RefundPayment(ctx, p.PaymentID, 5000, 15000))
	wantCode[govukpay.Refund](t, "more than left", 400, govukpay.CodeRefundNotAvailable)(c.RefundPayment(ctx, p.PaymentID, 10001, 10000))
	if !s.SettleRefund(p.PaymentID, r.RefundID, govukpay.RefundSuccess) {
		t.Fatal("refund not settled")
	}
	if got, err := c.RefundOf(ctx, p.PaymentID, r.RefundID); err != nil || got.Status != govukpay.RefundSuccess {
		t.Fatalf("refund status: %+v %v", got, err)
	}
	r2, err := c.RefundPayment(ctx, p.PaymentID, 10000, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Get(ctx, p.PaymentID); got.RefundSummary.Status != "full" {
		t.Fatalf("after refunding all: %+v", got.RefundSummary)
	}
	s.SettleRefund(p.PaymentID, r2.RefundID, govukpay.RefundError)
	if got, _ := c.Get(ctx, p.PaymentID); got.RefundSummary.Status != "available" || got.RefundSummary.AmountAvailable != 10000 {
		t.Fatalf("after a failed refund: %+v", got.RefundSummary)
	}
	s.FailNextRefund(p.PaymentID)
	wantCode[govukpay.Refund](t, "processor down", 500, govukpay.CodeRefundDownstream)(c.RefundPayment(ctx, p.PaymentID, 100, 10000))
	wantCode[govukpay.Refund](t, "unknown refund", 404, "P0700")(c.RefundOf(ctx, p.PaymentID, "nope"))
}

func wantCode[T any](t *testing.T, what string, status int, code string) func(T, error) {
	t.Helper()
	return func(_ T, err error) {
		t.Helper()
		var pe *govukpay.Error
		if !errors.As(err, &pe) || pe.HTTPStatus != status || pe.Code != code {
			t.Errorf("%s: %v, want %d %s", what, err, status, code)
		}
	}
}

// TestSearchPages: a search returns exactly the payments of the period,
// across GOV.UK Pay's pages of 500.
func TestSearchPages(t *testing.T) {
	s, c := setup(t)
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	at := day.Add(-time.Minute)
	s.Now = func() time.Time { return at }
	create(t, c, 100) // the day before
	want := map[string]bool{}
	for i := range 501 {
		at = day.Add(time.Duration(i) * time.Second)
		want[create(t, c, 100).PaymentID] = true
	}
	at = day.Add(24 * time.Hour)
	create(t, c, 100) // the day after
	got, err := c.Search(context.Background(), day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 501 {
		t.Fatalf("%d payments, want 501", len(got))
	}
	for _, p := range got {
		if !want[p.PaymentID] {
			t.Errorf("payment %s (%s) is not of the day", p.PaymentID, p.CreatedDate)
		}
		delete(want, p.PaymentID)
	}
}
