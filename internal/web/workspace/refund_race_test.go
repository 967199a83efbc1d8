package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var refundKey = regexp.MustCompile(`<input type="hidden" name="refund_key" value="([0-9a-f]{32})">`)

// TestRefundFormSentAtOnce, on SQLite and PostgreSQL: an officer's refund
// of £20 of a £150 fee, the one form sent twenty times at once (a button
// pressed again and again), then once more later (the back button), is
// one refund of £20: at GOV.UK Pay, in our records and on the timeline,
// and every sending is answered as the first was.
func TestRefundFormSentAtOnce(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		c, paymentID := paidPermit(t, e, pay, "draft-refund-once", 3)
		base := "/workspace/cases/" + c.Ref
		cl := e.Client(parkingOfficer)
		_, page := cl.Get(base)
		key := refundKey.FindStringSubmatch(page)
		if key == nil {
			t.Fatal("the case page's refund form has no key")
		}
		form := url.Values{"amount": {"20"}, "reason": {"Moved away"}, "refund_key": {key[1]}}
		const sends = 20
		status := make([]int, sends+1)
		webtest.AtOnce(sends, func(i int) {
			res, _ := cl.PostForm(base+"/refunds", form)
			status[i] = res.StatusCode
		})
		res, _ := cl.PostForm(base+"/refunds", form)
		status[sends] = res.StatusCode
		for i, s := range status {
			if s != http.StatusSeeOther {
				t.Errorf("sending %d answered %d, want 303", i, s)
			}
		}
		theirs := pay.Refunds(paymentID)
		ours, err := e.Store.RefundsOfPayment(context.Background(), paymentID)
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.Store.PaymentOfCase(context.Background(), c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs) != 1 || theirs[0].Amount != 2000 || len(ours) != 1 || ours[0].AmountPence != 2000 || p.RefundedPence != 2000 {
			t.Errorf("GOV.UK Pay holds %d refunds, we hold %+v, the payment has %dp refunded; want one of £20", len(theirs), ours, p.RefundedPence)
		}
		events, err := e.Store.CaseEvents(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		requested := 0
		for _, ev := range events {
			if ev.Kind == cases.EventRefundRequested {
				requested++
			}
		}
		if requested != 1 {
			t.Errorf("%d refund requests on the timeline, want 1", requested)
		}
	})
}
