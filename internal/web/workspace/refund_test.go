package workspace_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/govukpay"
	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

var parkingOfficer = access.Principal{Kind: access.KindStaff, UserID: "officer-p", Name: "Pat Parking", Teams: []string{"parking-services"},
	Grants: []access.Grant{{Role: "officer", Team: "parking-services"}}, MFA: true}

// payEnv runs fn on SQLite and PostgreSQL, each a platform with the
// bundled services and a local GOV.UK Pay of its own.
func payEnv(t *testing.T, fn func(t *testing.T, e *env, pay *paytest.Server), opts ...platformtest.Option) {
	var pay *paytest.Server
	configure := platformtest.Configure(func(c *platform.Config) {
		pay = paytest.New("api_test_workspace")
		t.Cleanup(pay.Close)
		c.PayAPIKey, c.PayBaseURL = pay.APIKey, pay.URL
	})
	each(t, func(t *testing.T, e *env) { fn(t, e, pay) }, append(opts, platformtest.Bundled(), platformtest.Staff(parkingOfficer), configure)...)
}

// paidPermit makes a parking permit case for n vehicles as the front door
// does once GOV.UK Pay says the fee was paid: the payment recorded for the
// draft, then the case made with it. It returns the case and the payment.
func paidPermit(t *testing.T, e *env, pay *paytest.Server, draftID string, n int) (cases.Case, string) {
	t.Helper()
	ctx := context.Background()
	client := &govukpay.Client{BaseURL: pay.URL, APIKey: pay.APIKey}
	p, err := client.Create(ctx, govukpay.CreateRequest{Amount: int64(n) * 5000, Reference: draftID, Description: "Resident parking permit", ReturnURL: "http://127.0.0.1/r"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pay.Finish(p.PaymentID, paytest.OutcomeSuccess); err != nil {
		t.Fatal(err)
	}
	rec := cases.Payment{PaymentID: p.PaymentID, DraftID: draftID, ServiceID: "resident-parking-permit", Reference: draftID, AmountPence: p.Amount, Status: "created"}
	if err := e.Store.CreatePayment(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.UpdatePayment(ctx, p.PaymentID, govukpay.StatusSuccess, "", ""); err != nil {
		t.Fatal(err)
	}
	c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "resident-parking-permit", Answers: permitAnswers(n),
		IdempotencyKey: draftID, PaymentID: p.PaymentID})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.UpdatePayment(ctx, p.PaymentID, govukpay.StatusSuccess, "", c.Ref); err != nil {
		t.Fatal(err)
	}
	return c, p.PaymentID
}

func permitAnswers(n int) service.Answers {
	a := service.Answers{
		"address":   {Address: &service.Address{Line1: "1 High Street", Town: "Guildtown", Postcode: "SW1A 1AA"}},
		"full_name": {Text: "Sam Resident"}, "email": {Text: "sam@example.org"},
	}
	var items []service.Answers
	for i := range n {
		items = append(items, service.Answers{"registration": {Text: fmt.Sprintf("AB1%d CDE", i)}, "make": {Text: "Ford Focus"}, "keeper": {Text: "yes"}})
	}
	a["vehicles"] = service.Answer{Items: items}
	return a
}

// TestRefundFromCasePage: an officer refunds part of a £150 fee from the
// case page, then the rest; GOV.UK Pay is asked with the amount still
// available, the timeline and audit log record each step, the page shows
// the refunds and what is left, and more than is left is refused in words
// an officer can act on.
func TestRefundFromCasePage(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		c, paymentID := paidPermit(t, e, pay, "draft-refund-1", 3)
		base := "/workspace/cases/" + c.Ref
		cl := atDesk(e, parkingOfficer)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "the case shows its fee and a refund form", URL: base, Status: http.StatusOK,
				Contains: []string{`id="payment"`, "£150.00 on", paymentID, "Left to refund</dt><dd class=\"govuk-summary-list__value\">£150.00", "Up to £150.00.", `action="` + base + `/refunds"`}},
			{Name: "no amount, no reason", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {""}, "reason": {""}},
				Status: http.StatusUnprocessableEntity, Contains: []string{`href="#refund-amount"`, "Enter the amount to refund", `href="#refund-reason"`, "Enter why the payment is being refunded"}},
			{Name: "more than was paid", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"150.01"}, "reason": {"Sold a car"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"The refund must be £150.00 or less", `value="150.01"`, ">Sold a car</textarea>"}},
			{Name: "not money", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"fifty"}, "reason": {"Sold a car"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Enter the amount in pounds and pence, like 12.50"}},
			{Name: "£50 back", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"50"}, "reason": {"One car sold"}},
				Status: http.StatusSeeOther, Location: base + "?done=refund#payment"},
		})
		got := pay.Refunds(paymentID)
		if len(got) != 1 || got[0].Amount != 5000 || got[0].Status != govukpay.RefundSubmitted {
			t.Fatalf("GOV.UK Pay holds %+v, want one submitted refund of 5000", got)
		}
		_, body := cl.Get(base + "?done=refund")
		for _, want := range []string{"The refund was sent to GOV.UK Pay", "Submitted", "Left to refund</dt><dd class=\"govuk-summary-list__value\">£100.00",
			"Refund requested", "£50.00 asked of GOV.UK Pay. Reason: One car sold", "Up to £100.00."} {
			if !strings.Contains(body, want) {
				t.Errorf("after the refund the case page lacks %q", want)
			}
		}
		pay.SettleRefund(paymentID, got[0].RefundID, govukpay.RefundSuccess)
		if err := e.Cases.SettleRefunds(context.Background()); err != nil {
			t.Fatal(err)
		}
		_, body = cl.Get(base)
		for _, want := range []string{"govuk-tag--green\">Refunded", "Refunded</dt><dd class=\"govuk-summary-list__value\">£50.00", "£50.00 returned to the card it was paid with"} {
			if !strings.Contains(body, want) {
				t.Errorf("after GOV.UK Pay settled the refund the case page lacks %q", want)
			}
		}
		if res, _ := cl.PostForm(base+"/refunds", url.Values{"amount": {"£100.00"}, "reason": {"Moved away"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refund of the rest: %d", res.StatusCode)
		}
		_, body = cl.Get(base)
		if !strings.Contains(body, "Left to refund</dt><dd class=\"govuk-summary-list__value\">£0.00") || strings.Contains(body, "/refunds\"") {
			t.Errorf("a fully refunded payment still offers a refund")
		}
		if res, _ := cl.PostForm(base+"/refunds", url.Values{"amount": {"1"}, "reason": {"Again"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a refund beyond the fee: %d, want 422", res.StatusCode)
		}
		wantAudit(t, e, c.Ref, []string{"resident case.submit", "officer-p case.refund.requested", "system case.refund.succeeded", "officer-p case.refund.requested"})
	})
}

// wantAudit checks the refund-related and submit entries of ref's log.
func wantAudit(t *testing.T, e *env, ref string, want []string) {
	t.Helper()
	es, err := e.Store.AuditEntries(context.Background(), audit.Filter{Subject: ref, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range es {
		if strings.HasPrefix(en.Action, "case.refund") || en.Action == "case.submit" {
			got = append(got, en.Actor+" "+en.Action)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit log of %s = %q, want %q", ref, got, want)
	}
}

// TestRefundFailures: GOV.UK Pay's processor failing the request, and a
// refund it accepted but could not make, each give the amount back and
// say so on the timeline.
func TestRefundFailures(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		c, paymentID := paidPermit(t, e, pay, "draft-refund-2", 1)
		base := "/workspace/cases/" + c.Ref
		cl := atDesk(e, parkingOfficer)
		pay.FailNextRefund(paymentID)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "processor down", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"50"}, "reason": {"Duplicate"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"GOV.UK Pay could not make the refund. Nothing was refunded: try again later",
					"Refund not made", "Left to refund</dt><dd class=\"govuk-summary-list__value\">£50.00", "govuk-tag--red\">Refused"}},
			{Name: "again, accepted", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"50"}, "reason": {"Duplicate"}},
				Status: http.StatusSeeOther},
		})
		list := pay.Refunds(paymentID)
		if len(list) != 1 {
			t.Fatalf("GOV.UK Pay holds %d refunds, want 1", len(list))
		}
		pay.SettleRefund(paymentID, list[0].RefundID, govukpay.RefundError)
		if err := e.Cases.SettleRefunds(context.Background()); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, cl, []webtest.Scenario{{Name: "failed at GOV.UK Pay", URL: base, Status: http.StatusOK,
			Contains: []string{"govuk-tag--red\">Failed", "£50.00 was not refunded: GOV.UK Pay could not return the money to the card",
				"Left to refund</dt><dd class=\"govuk-summary-list__value\">£50.00", "Up to £50.00."}}})
		wantAudit(t, e, c.Ref, []string{"resident case.submit", "officer-p case.refund.failed", "officer-p case.refund.requested", "system case.refund.failed"})
	})
}

// TestRefundClicksAtOnce: twenty refunds of £50 of a £150 fee posted at
// once never refund more than £150, in our records or at GOV.UK Pay, and
// every refund GOV.UK Pay accepted is on the timeline once.
func TestRefundClicksAtOnce(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		c, paymentID := paidPermit(t, e, pay, "draft-refund-3", 3)
		base := "/workspace/cases/" + c.Ref
		const clicks = 20
		var wg sync.WaitGroup
		status := make([]int, clicks)
		for i := range clicks {
			cl := atDesk(e, parkingOfficer)
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, _ := cl.PostForm(base+"/refunds", url.Values{"amount": {"50"}, "reason": {fmt.Sprint("Click ", i)}})
				status[i] = res.StatusCode
			}()
		}
		wg.Wait()
		var theirs int64
		for _, r := range pay.Refunds(paymentID) {
			theirs += r.Amount
		}
		ours, err := e.Store.RefundsOfPayment(context.Background(), paymentID)
		if err != nil {
			t.Fatal(err)
		}
		var held int64
		accepted := 0
		for _, r := range ours {
			if r.Status.Holds() {
				held += r.AmountPence
				accepted++
			}
		}
		p, err := e.Store.PaymentOfCase(context.Background(), c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if theirs > 15000 || theirs != held || p.RefundedPence != held || accepted == 0 {
			t.Errorf("GOV.UK Pay refunded %d, we hold %d in %d refunds, payment says %d; want equal, between 5000 and 15000", theirs, held, accepted, p.RefundedPence)
		}
		if n := slices.Index(status, http.StatusSeeOther); n < 0 || slices.ContainsFunc(status, func(s int) bool { return s != http.StatusSeeOther && s != http.StatusUnprocessableEntity }) {
			t.Errorf("answers %v: want 303 or 422 only, at least one 303", status)
		}
		if requested := refundsRequested(t, e, c); requested != accepted {
			t.Errorf("%d refund requests on the timeline, %d accepted by GOV.UK Pay", requested, accepted)
		}
	})
}

// TestRefundAnswerLost: GOV.UK Pay makes a refund but its answer is lost.
// The officer is told it will be checked; the refund holds its amount;
// five minutes on, the settling task finds it in GOV.UK Pay's list and
// records it, once, then records its success.
func TestRefundAnswerLost(t *testing.T) {
	payEnv(t, func(t *testing.T, e *env, pay *paytest.Server) {
		ctx := context.Background()
		c, paymentID := paidPermit(t, e, pay, "draft-refund-lost", 2)
		base := "/workspace/cases/" + c.Ref
		cl := atDesk(e, parkingOfficer)
		pay.DropNextRefundAnswer(paymentID)
		webtest.Run(t, cl, []webtest.Scenario{{Name: "no answer", Method: "POST", URL: base + "/refunds", Form: url.Values{"amount": {"30"}, "reason": {"Lost"}},
			Status: http.StatusUnprocessableEntity, Contains: []string{"GOV.UK Pay did not answer. The refund will be checked with GOV.UK Pay and shown on the timeline",
				"Checking with GOV.UK Pay", "Up to £70.00."}}})
		if err := e.Cases.SettleRefunds(ctx); err != nil {
			t.Fatal(err)
		}
		if rs, _ := e.Store.UnsettledRefunds(ctx); len(rs) != 1 || rs[0].Status != cases.RefundRequesting {
			t.Fatalf("settled before the wait: %+v", rs)
		}
		e.Clock.Add(cases.RefundAnswerWait + time.Second)
		if err := e.Cases.SettleRefunds(ctx); err != nil {
			t.Fatal(err)
		}
		theirs := pay.Refunds(paymentID)
		ours, _ := e.Store.RefundsOfPayment(ctx, paymentID)
		if len(theirs) != 1 || len(ours) != 1 || ours[0].GatewayID != theirs[0].RefundID || ours[0].Status != cases.RefundSubmitted {
			t.Fatalf("ours %+v, GOV.UK Pay's %+v", ours, theirs)
		}
		pay.SettleRefund(paymentID, theirs[0].RefundID, govukpay.RefundSuccess)
		if err := e.Cases.SettleRefunds(ctx); err != nil {
			t.Fatal(err)
		}
		wantAudit(t, e, c.Ref, []string{"resident case.submit", "system case.refund.requested", "system case.refund.succeeded"})
	})
}

// refundsRequested is how many refund requests the case's timeline shows.
func refundsRequested(t *testing.T, e *env, c cases.Case) int {
	t.Helper()
	events, err := e.Store.CaseEvents(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range events {
		if ev.Kind == cases.EventRefundRequested {
			n++
		}
	}
	return n
}

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
		if requested := refundsRequested(t, e, c); requested != 1 {
			t.Errorf("%d refund requests on the timeline, want 1", requested)
		}
	})
}
