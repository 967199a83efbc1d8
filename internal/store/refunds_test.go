package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestReserveRefundsAtOnce: thirty reservations of £50 against a £150
// payment at once: exactly three are made, each with a different amount
// available before it (150, 100, 50), and the payment's refunded total is
// exactly the amount paid; an unpaid payment takes none.
func TestReserveRefundsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, p := range []cases.Payment{
			{PaymentID: "paid", DraftID: "d1", ServiceID: "permit", Reference: "d1", AmountPence: 15000, Status: "success", CaseRef: "K7QD-M2XH"},
			{PaymentID: "unpaid", DraftID: "d2", ServiceID: "permit", Reference: "d2", AmountPence: 15000, Status: "failed"},
		} {
			if err := s.CreatePayment(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		const tries = 30
		var wg sync.WaitGroup
		made := make([]cases.Refund, tries)
		errs := make([]error, tries)
		for i := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				made[i], errs[i] = s.ReserveRefund(ctx, cases.Refund{ID: fmt.Sprint("r", i), PaymentID: "paid", CaseRef: "K7QD-M2XH",
					AmountPence: 5000, Reason: "test", RequestedBy: "officer", Status: cases.RefundRequesting})
			}()
		}
		wg.Wait()
		var available []int64
		for i, err := range errs {
			switch {
			case err == nil:
				available = append(available, made[i].AvailablePence)
			case !errors.Is(err, fault.Conflict):
				t.Errorf("reservation %d: %v", i, err)
			}
		}
		slices.Sort(available)
		if !slices.Equal(available, []int64{5000, 10000, 15000}) {
			t.Errorf("available before each reservation made: %v, want [5000 10000 15000]", available)
		}
		p, err := s.PaymentOfCase(ctx, "K7QD-M2XH")
		if err != nil || p.RefundedPence != 15000 {
			t.Errorf("payment after: %+v %v", p, err)
		}
		_, err = s.ReserveRefund(ctx, cases.Refund{ID: "u", PaymentID: "unpaid", AmountPence: 1, Status: cases.RefundRequesting})
		if !errors.Is(err, fault.Conflict) {
			t.Errorf("refund of an unpaid payment: %v", err)
		}
		rs, err := s.UnsettledRefunds(ctx)
		if err != nil || len(rs) != 3 {
			t.Errorf("unsettled: %d %v", len(rs), err)
		}
	})
}
