package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestPayments: a draft's latest payment, its status and case recorded
// (the first case kept), and the day's payments listed in order.
func TestPayments(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	if _, err := s.LatestPayment(ctx, "d1"); !errors.Is(err, fault.NotFound) {
		t.Fatalf("no payment: %v", err)
	}
	for _, id := range []string{"pay-a", "pay-b"} {
		if err := s.CreatePayment(ctx, cases.Payment{PaymentID: id, DraftID: "d1", ServiceID: "permit", Reference: "d1", AmountPence: 15000, Status: "created"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.UpdatePayment(ctx, "pay-b", "success", "", "K7QD-M2XH"); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdatePayment(ctx, "pay-b", "success", "", "OTHER-REF"); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdatePayment(ctx, "pay-none", "success", "", ""); !errors.Is(err, fault.NotFound) {
		t.Errorf("unknown payment: %v", err)
	}
	p, err := s.LatestPayment(ctx, "d1")
	if err != nil || p.PaymentID != "pay-b" || p.Status != "success" || p.CaseRef != "K7QD-M2XH" || p.AmountPence != 15000 {
		t.Errorf("latest %+v %v", p, err)
	}
	all, err := s.PaymentsBetween(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(all) != 2 || all[0].PaymentID != "pay-a" {
		t.Errorf("between: %+v %v", all, err)
	}
}
