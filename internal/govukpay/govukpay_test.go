package govukpay_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
)

const key = "api_test_secret-key-1234"

func setup(t *testing.T) (*paytest.Server, *govukpay.Client) {
	t.Helper()
	s := paytest.New(key)
	t.Cleanup(s.Close)
	return s, &govukpay.Client{BaseURL: s.URL, APIKey: key}
}

func create(t *testing.T, c *govukpay.Client, pence int64) govukpay.Payment {
	t.Helper()
	p, err := c.Create(context.Background(), govukpay.CreateRequest{Amount: pence, Reference: "K7QD-M2XH",
		Description: "Resident parking permit", ReturnURL: "https://council.example/services/permit/payment/return"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOutcomes: every way a payment can end reads back with GOV.UK Pay's
// status and code once the user returns.
func TestOutcomes(t *testing.T) {
	s, c := setup(t)
	tests := []struct{ outcome, status, code string }{
		{paytest.OutcomeSuccess, govukpay.StatusSuccess, ""},
		{paytest.OutcomeDeclined, govukpay.StatusFailed, govukpay.CodeDeclined},
		{paytest.OutcomeCancelled, govukpay.StatusCancelled, govukpay.CodeCancelledByUser},
		{paytest.OutcomeExpired, govukpay.StatusFailed, govukpay.CodeExpired},
		{paytest.OutcomeError, govukpay.StatusError, govukpay.CodeError},
	}
	for _, tt := range tests {
		t.Run(tt.outcome, func(t *testing.T) {
			p := create(t, c, 15000)
			if p.State.Status != govukpay.StatusCreated || !strings.HasPrefix(p.NextURL(), s.URL+"/pay/") || p.Amount != 15000 {
				t.Fatalf("created: %+v", p)
			}
			back, err := s.Finish(p.PaymentID, tt.outcome)
			if err != nil || back != p.ReturnURL {
				t.Fatalf("finish: %v %s", err, back)
			}
			got, err := c.Get(context.Background(), p.PaymentID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State.Status != tt.status || got.State.Code != tt.code || !got.State.Finished || got.NextURL() != "" {
				t.Errorf("state %+v next_url %q, want %s %s finished", got.State, got.NextURL(), tt.status, tt.code)
			}
		})
	}
}

// TestErrors: GOV.UK Pay's error bodies become *govukpay.Error, and the
// API key is never in an error.
func TestErrors(t *testing.T) {
	s, c := setup(t)
	_, err := c.Create(context.Background(), govukpay.CreateRequest{Amount: 0, Reference: "R", Description: "D", ReturnURL: "https://x"})
	var pe *govukpay.Error
	if !errors.As(err, &pe) || pe.HTTPStatus != 422 || pe.Code != "P0102" || pe.Field != "amount" {
		t.Errorf("amount 0: %v", err)
	}
	bad := &govukpay.Client{BaseURL: s.URL, APIKey: "wrong"}
	_, err = bad.Get(context.Background(), "x")
	if !errors.As(err, &pe) || pe.HTTPStatus != 401 || pe.Code != "P0920" {
		t.Errorf("wrong key: %v", err)
	}
	_, err = c.Get(context.Background(), "no-such-payment")
	if !errors.As(err, &pe) || pe.HTTPStatus != 404 {
		t.Errorf("unknown payment: %v", err)
	}
	down := &govukpay.Client{BaseURL: "http://127.0.0.1:1", APIKey: key}
	if _, err := down.Get(context.Background(), "x"); err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("unreachable: %v", err)
	}
}

// TestRefundTwiceAtOnce: two refunds of the whole amount sent at once (an
// officer's double click on two nodes) refund once; the other is refused
// because the amount available changed.
func TestRefundTwiceAtOnce(t *testing.T) {
	s, c := setup(t)
	p := create(t, c, 15000)
	if _, err := c.RefundPayment(context.Background(), p.PaymentID, 15000, 15000); err == nil {
		t.Fatal("an unpaid payment was refunded")
	}
	if _, err := s.Finish(p.PaymentID, paytest.OutcomeSuccess); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.RefundPayment(context.Background(), p.PaymentID, 15000, 15000)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var pe *govukpay.Error
		switch {
		case err == nil:
			ok++
		case errors.As(err, &pe) && (pe.Code == govukpay.CodeRefundMismatch || pe.Code == govukpay.CodeRefundNotAvailable):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || len(s.Refunds(p.PaymentID)) != 1 {
		t.Errorf("%d refunds succeeded, %d recorded; want 1", ok, len(s.Refunds(p.PaymentID)))
	}
	got, _ := c.Get(context.Background(), p.PaymentID)
	if got.RefundSummary.Status != "full" || got.RefundSummary.AmountAvailable != 0 || got.RefundSummary.AmountSubmitted != 15000 {
		t.Errorf("refund summary %+v", got.RefundSummary)
	}
}
